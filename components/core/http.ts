// What an HTTP response means for a stream: its classification (open, closed, retry, give up) and Retry-After.

import { feedError, type FeedError } from './types.js';

/**
 * The wait a `Retry-After` header asks for, in ms: delay-seconds or an HTTP date.
 * Null when the header is absent or malformed; 0 for a date in the past.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | null {
  if (header == null) return null;
  const value = header.trim();
  if (value === '') return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const time = parseHttpDate(value, now);
  return time === null ? null : Math.max(0, time - now);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// The three HTTP-date forms of RFC 9110 section 5.6.7, all in UTC. Date.parse would accept far more
// (local time zones, roll-over of impossible days) and reads asctime dates as local time.
const IMF_FIXDATE = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
const RFC850_DATE = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
const ASCTIME_DATE = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

/** The time an HTTP date names, in ms since the epoch; null unless it is one of the three forms. */
function parseHttpDate(value: string, now: number): number | null {
  const asctime = ASCTIME_DATE.exec(value);
  // Day, month, year, hours, minutes, seconds: the order of the other two forms.
  const fields = asctime ? [asctime[2], asctime[1], asctime[6], ...asctime.slice(3, 6)] : (IMF_FIXDATE.exec(value) ?? RFC850_DATE.exec(value))?.slice(1);
  if (!fields) return null;
  const [date, , year, hours, minutes, seconds] = fields.map(Number); // Number(' 6') is 6
  const month = MONTHS.indexOf(fields[1].toLowerCase());
  let fullYear = year;
  if (fields[2].length === 2) {
    // An RFC 850 two-digit year is the one with those digits that is not more than 50 years ahead.
    const thisYear = new Date(now).getUTCFullYear();
    fullYear = thisYear - (thisYear % 100) + year;
    if (fullYear > thisYear + 50) fullYear -= 100;
    else if (fullYear <= thisYear - 50) fullYear += 100;
  }
  if (month === -1 || hours > 23 || minutes > 59 || seconds > 60) return null;
  // Reject days the month does not have (31 Feb) rather than rolling over into the next month.
  const check = new Date(Date.UTC(fullYear, month, date));
  if (check.getUTCMonth() !== month || check.getUTCDate() !== date) return null;
  return Date.UTC(fullYear, month, date, hours, minutes, seconds);
}

/** What an HTTP response to a stream request means for the feed. */
export type ResponseOutcome =
  | { readonly kind: 'open' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'error'; readonly error: FeedError; readonly retryAfter: number | null };

/** True when a `Content-Type` value's essence is `text/event-stream` (parameters and case ignored). */
export function isEventStream(contentType: string | null): boolean {
  return contentType?.split(';')[0].trim().toLowerCase() === 'text/event-stream';
}

/** Statuses worth retrying: the server may recover on its own. */
export function isRetryableStatus(status: number): boolean {
  return (status >= 500 && status <= 599) || status === 408 || status === 429;
}

/**
 * The error of a response that neither opens a stream nor closes it (204), as the contract's Outcomes table says:
 * a 200 of another type fails for good (`content-type`), 5xx / 408 / 429 are retried, any other status fails for
 * good. `message` words it, and `statusText` is the status's reason phrase where it is known.
 */
export function refusalError(status: number, contentType: string | null, message: string, statusText?: string): FeedError {
  return status === 200
    ? feedError('content-type', message, true, { contentType: contentType ?? '' })
    : feedError('http', message, !isRetryableStatus(status), { status, statusText });
}

/**
 * Classifies a response as the contract's Outcomes table says: 200 with `text/event-stream` opens,
 * 204 closes, a refusal is its error (see {@link refusalError}), and a retried one honours `Retry-After`.
 */
export function classifyResponse(
  status: number,
  contentType: string | null,
  retryAfterHeader: string | null = null,
  now: number = Date.now(),
): ResponseOutcome {
  if (status === 204) return { kind: 'closed' };
  if (status === 200 && isEventStream(contentType)) return { kind: 'open' };
  // The standard reason phrase, from our own table: the server's reason phrase is not trusted text.
  const statusText = STATUS_TEXT[status];
  const message = status === 200 ? `Not text/event-stream: "${contentType ?? ''}".` : `The server answered ${status}${statusText ? ` (${statusText})` : ''}.`;
  const error = refusalError(status, contentType, message, statusText);
  return { kind: 'error', error, retryAfter: error.fatal ? null : parseRetryAfter(retryAfterHeader, now) };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

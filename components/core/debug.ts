// The words of `debug`: what a feed logs to console.debug, loaded only by a feed that has `debug` on.

import type { ConnectionSlots } from './feed-connection.js';
import type { FeedOptions } from './options.js';
import type { LogLine } from './step.js';
import { originOf } from './url.js';

/** "300 ms", "1.5 s", "30 s": a duration in words. */
export function describeDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** One `debug` line as text, without the `[sse-feed] name` prefix. */
export function describeLine(line: LogLine): string {
  switch (line[0]) {
    case 'state':
      return `state ${line[1]} → ${line[2]}`;
    case 'retry': {
      const [, attempt, max, delay, retryAfter] = line;
      const asked = retryAfter === null ? '' : ` (the server's Retry-After asked for ${describeDuration(retryAfter)})`;
      return `retry ${attempt} of ${max} in ${describeDuration(delay)}${asked}`;
    }
    case 'error': {
      const error = line[1];
      return `error ${error.kind}${error.status === undefined ? '' : ` ${error.status}`}${error.fatal ? ', giving up' : ''}: ${error.message}`;
    }
    case 'offline':
      return 'error offline: waiting for the network';
    case 'held':
      return 'the server asked for a longer wait (Retry-After): keeping it';
    case 'stale':
      return `stale: no message for ${describeDuration(line[1])}`;
    case 'fresh':
      return 'fresh: a message arrived';
    case 'close-event':
      return `"${line[1]}" ends the stream: closing`;
    case 'finished':
      return 'the server ended the stream: it is finished, closing';
  }
}

/** The request line: method, URL with query values hidden but the id's, the resume id and the header names. */
export function describeRequest(
  url: string,
  init: { method: string; headers: Readonly<Record<string, string>> },
  { lastEventIdParam, transport }: Pick<FeedOptions, 'lastEventIdParam' | 'transport'>,
): string {
  const idParam = lastEventIdParam || (transport === 'eventsource' ? 'lastEventId' : '');
  const names = Object.keys(init.headers).filter((name) => name !== 'Accept' && name !== 'Last-Event-ID');
  const resume = init.headers['Last-Event-ID'] === undefined ? '' : `, Last-Event-ID "${init.headers['Last-Event-ID']}"`;
  return `request ${init.method} ${redactQuery(url, idParam)}${resume}${names.length > 0 ? `, headers ${names.join(', ')}` : ''}`;
}

/** `[sse-feed] #id text`: a line as it is logged, naming the feed by `name`, else by its `src` (query values hidden). */
export function prefixed(name: string, src: string, text: string): string {
  return `[sse-feed] ${name || redactQuery(src, '')} ${text}`;
}

/** The line for the server's answer, before it is classified. */
export function describeResponse(status: number, contentType: string | null): string {
  return `response ${status}${contentType ? ` ${contentType}` : ''}`;
}

/** The line for a request that failed, with what the browser said. */
export function describeCause(cause: unknown): string {
  return `the request failed: ${String(cause)}`;
}

/**
 * Counts a stream to the origin of `url` in `slots` (the page's by default), handing `hold` what releases it,
 * and says when it must wait for one of the browser's connections to that host.
 */
export function takeSlot(url: string, slots: ConnectionSlots = pageSlots, hold: (release: () => void) => void): string {
  const origin = originOf(url);
  const open = slots.take(origin);
  hold(() => slots.release(origin));
  return describeSlotWait(open, origin);
}

/** Browsers open at most this many HTTP/1.1 connections to one host; more requests wait. */
const CONNECTIONS_PER_HOST = 6;

/**
 * What to say when the `open`-th stream to `origin` must wait for one of the browser's connections to that
 * host (`""` when it need not: within the limit, or the page's own HTTP/2 or HTTP/3 origin).
 */
export function describeSlotWait(open: number, origin: string): string {
  if (open <= CONNECTIONS_PER_HOST || multiplexed(origin)) return '';
  return (
    `${open - 1} other streams to ${origin} are open in this page: over HTTP/1.1 a browser opens at most ` +
    `${CONNECTIONS_PER_HOST} connections per host, so this request (and every other request to that host) ` +
    'waits until one closes. share="page" puts feeds with the same src on one connection; an HTTP/2 server ' +
    'has no such limit; stall-timeout bounds the wait.'
  );
}

/**
 * `url` with the value of every query parameter but `keep` shown as `…`: a query may carry a token,
 * and debug lines end up in bug reports.
 */
export function redactQuery(url: string, keep: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const hash = url.indexOf('#', query);
  const search = url.slice(query + 1, hash === -1 ? undefined : hash);
  const shown = search
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return equals === -1 || decodeURIComponent(name) === keep ? pair : `${name}=…`;
    })
    .join('&');
  return `${url.slice(0, query)}?${shown}`;
}

/**
 * True when the page itself came over HTTP/2 or HTTP/3 from `origin`: requests to it share one
 * connection, with no per-host limit. Unknown (another origin, no Navigation Timing) is false.
 */
function multiplexed(origin: string): boolean {
  if (globalThis.location?.origin !== origin) return false;
  const [navigation] = (globalThis.performance?.getEntriesByType?.('navigation') ?? []) as PerformanceNavigationTiming[];
  return /^(h2|h3)/.test(navigation?.nextHopProtocol ?? '');
}


const openStreams = new Map<string, number>();

/** Streams open (or being opened) per origin by the feeds of this page that have `debug`. */
export const pageSlots: ConnectionSlots = {
  take(origin) {
    const open = (openStreams.get(origin) ?? 0) + 1;
    openStreams.set(origin, open);
    return open;
  },
  release(origin) {
    const open = (openStreams.get(origin) ?? 1) - 1;
    if (open > 0) openStreams.set(origin, open);
    else openStreams.delete(origin);
  },
};

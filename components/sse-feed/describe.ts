// Words for a feed's status: placeholder filling, countdown seconds and plain descriptions of errors.

import type { FeedError, FeedStatus } from '../core/types.js';

/** The values a label or message template can use as `{seconds}`, `{attempt}`, `{max}` and `{reason}`. */
export interface LabelValues {
  /** Whole seconds until the next attempt, rounded up; 0 when none is scheduled. */
  readonly seconds: number;
  /** Consecutive failed attempts (`status.attempt`). */
  readonly attempt: number;
  /** `status.retryMaxCount`, as a number or `∞`. */
  readonly max: string;
  /** The error in plain words (see `describeError`), or an empty string. */
  readonly reason: string;
}

/** Whole seconds from `now` until `retryAt`, rounded up so the countdown reaches 0 when the attempt starts. */
export function secondsUntil(retryAt: number | null, now: number = Date.now()): number {
  if (retryAt === null) return 0;
  return Math.max(0, Math.ceil((retryAt - now) / 1000));
}

/** `retryMaxCount` as people read it: `∞` when the feed never gives up. */
export function formatMax(max: number): string {
  return Number.isFinite(max) ? String(max) : '∞';
}

/**
 * The placeholder values for `status`. `seconds` counts down to `retryAt` from `now`; pass `null` for
 * `now` to get the whole scheduled wait instead (a value that does not change while the countdown runs,
 * for text that is announced once).
 */
export function labelValues(status: FeedStatus, now: number | null = Date.now()): LabelValues {
  const seconds =
    now === null ? Math.max(0, Math.ceil((status.retryDelay ?? 0) / 1000)) : secondsUntil(status.retryAt, now);
  return {
    seconds,
    attempt: status.attempt,
    max: formatMax(status.retryMaxCount),
    reason: describeError(status.error),
  };
}

/** Fills `{seconds}`, `{attempt}`, `{max}` and `{reason}` in `template`; other braces stay as they are. */
export function fillTemplate(template: string, values: LabelValues): string {
  return template.replace(/\{(seconds|attempt|max|reason)\}/g, (_, name: keyof LabelValues) => String(values[name]));
}

/** True when `template` shows the countdown, so the text must be refreshed every second. */
export function usesSeconds(template: string): boolean {
  return template.includes('{seconds}');
}

const HTTP_WORDS: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authorised',
  403: 'Access denied',
  404: 'Stream not found',
  405: 'Method not allowed',
  408: 'The server timed out',
  410: 'Stream gone',
  429: 'Too many requests',
};

/**
 * What went wrong, in a few plain words a person can act on: "Server error (503)", "You are offline",
 * "No data for 45 s", "Not authorised (401)". Empty for no error. Plain text, to be rendered as text.
 */
export function describeError(error: FeedError | null): string {
  if (!error) return '';
  switch (error.kind) {
    case 'offline':
      return 'You are offline';
    case 'stall':
      return error.timeout === undefined ? 'No data from the server' : `No data for ${Math.round(error.timeout / 100) / 10} s`;
    case 'http': {
      const status = error.status;
      if (status === undefined) return 'Server error';
      const words = HTTP_WORDS[status] ?? (status >= 500 ? 'Server error' : 'Request refused');
      return `${words} (${status})`;
    }
    case 'content-type':
      return 'The server did not send an event stream';
    case 'parse':
      return 'A message could not be read';
    case 'too-large':
      return 'A message was too large';
    case 'network': {
      // The engine's network messages are already plain sentences ("The server ended the stream.").
      const message = error.message.trim().replace(/\.$/, '');
      return message || 'Connection lost';
    }
  }
}

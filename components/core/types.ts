// The shapes every part of sse-feed exchanges: states, status snapshots, errors and messages.

/** Every state a feed can be in; `as const` so it can be iterated (catalog, tests) and typed. */
export const FEED_STATES = ['idle', 'connecting', 'connected', 'retrying', 'paused', 'failed', 'closed'] as const;

/** The state of a feed: what a person needs to know about the stream at this moment. */
export type FeedState = (typeof FEED_STATES)[number];

/** What went wrong: the cause of `retrying` or `failed`, or a message-level error. */
export type FeedErrorKind = 'network' | 'http' | 'content-type' | 'stall' | 'offline' | 'parse' | 'too-large';

/**
 * What exactly went wrong on the network, for a page that words its errors itself:
 * `unreachable` (the request could not be made: refused, DNS, CORS, `fetch` rejected), `lost` (an
 * open connection broke), `ended` (the server ended the stream and it is resumed), `invalid-url`
 * (`src` is not an http(s) URL), `not-a-response` (the `fetch` function returned something else),
 * `cannot-open` (the browser refused to open an EventSource).
 */
export type FeedNetworkReason = 'unreachable' | 'lost' | 'ended' | 'invalid-url' | 'not-a-response' | 'cannot-open';

/** The data of an error beyond its kind, so a page can say it in its own words. */
export interface FeedErrorDetails {
  /** The HTTP status, for kind `http`. */
  readonly status?: number;
  /** The standard reason phrase of `status` ("Service Unavailable"), never the server's own text. */
  readonly statusText?: string;
  /** What went wrong, for kind `network`. */
  readonly reason?: FeedNetworkReason;
  /** The `stall-timeout` that passed without data, in ms, for kind `stall`. */
  readonly timeout?: number;
  /** The `max-message-size` a message passed, in bytes, for kind `too-large`. */
  readonly limit?: number;
  /** The content type the server sent instead of `text/event-stream` (`""` for none), for kind `content-type`. */
  readonly contentType?: string;
}

/**
 * A failure of an attempt or of one message. Plain data, safe to clone, log and render as text:
 * `message` is a plain English sentence, and the details say the same as data for other words.
 */
export interface FeedError extends FeedErrorDetails {
  readonly kind: FeedErrorKind;
  /** Plain text, never HTML. */
  readonly message: string;
  /** True when no retry follows. */
  readonly fatal: boolean;
}

/** An immutable snapshot of a feed; a new object on every change. */
export interface FeedStatus {
  readonly state: FeedState;
  /** Consecutive failed attempts; back to 0 once a connection proves stable. */
  readonly attempt: number;
  readonly retryMaxCount: number;
  /** Milliseconds of the scheduled wait, while retrying. */
  readonly retryDelay: number | null;
  /** `Date.now()`-based time of the next attempt, while retrying. */
  readonly retryAt: number | null;
  readonly lastEventId: string;
  /** What caused `retrying` or `failed`; null otherwise. */
  readonly error: FeedError | null;
  /** Messages dispatched by this feed. */
  readonly messages: number;
  /** Connected, but no message for `staleAfter` ms; false in every other state. */
  readonly stale: boolean;
  /** `Date.now()`-based time of the last dispatched message; null before the first. */
  readonly lastMessageAt: number | null;
  /**
   * Closed because the stream finished (the server's clean end read as `close`, the close event or the
   * close data), not by the page: a complete answer. False in every other state.
   */
  readonly finished: boolean;
}

/** One event as the HTML standard's event-stream interpretation dispatches it. */
export interface ParsedEvent {
  /** The `event:` field, `"message"` when there was none. */
  type: string;
  data: string;
  lastEventId: string;
}

/** One message as a feed delivers it. */
export interface FeedMessage<T = unknown> extends ParsedEvent {
  /** The origin of the stream's final URL. */
  origin: string;
  /** `data` parsed as JSON, when the feed was asked to. */
  json?: T;
}

/**
 * The server no longer held the events after the id the feed resumed from: updates were lost, and the
 * page should re-fetch what it shows. `requested` is the id the request carried (`""` for none);
 * `resumedFrom` is the response's `Last-Event-ID` header (Mercure: `earliest`), null for reason `event`
 * (a `gap-event` message said so).
 */
export interface FeedGap {
  readonly requested: string;
  readonly resumedFrom: string | null;
  readonly reason: 'header' | 'event';
}

/** The two ways a feed can read a stream. */
export type FeedTransport = 'fetch' | 'eventsource';

/**
 * What a clean end of an open stream means: `reconnect` (as EventSource does), `close` (the stream is
 * finished), or `auto`: `reconnect` for `GET`, `close` for every other method.
 */
export type FeedStreamEnd = 'auto' | 'reconnect' | 'close';

/**
 * Whether a request that is not a `GET` is sent again after its stream breaks: `auto`, only when nothing was
 * dispatched on it yet or there is a last event id to resume from (else `failed`, so a half-generated answer
 * is never generated twice); `always`, like a `GET`.
 */
export type FeedResend = 'auto' | 'always';

/** Connection sharing: `none`, one connection per document and options (`page`), or one for all same-origin tabs (`tabs`). */
export type FeedShare = 'none' | 'page' | 'tabs';

/**
 * Builds a frozen `FeedError`, so errors are plain data everywhere. The fourth argument is the HTTP
 * status, or the error's details.
 */
export function feedError(kind: FeedErrorKind, message: string, fatal: boolean, details?: number | FeedErrorDetails): FeedError {
  const data: Record<string, unknown> = typeof details === 'number' ? { status: details } : { ...details };
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return Object.freeze({ kind, message, fatal, ...data });
}

/** The status of a feed that has not started. */
export const IDLE_STATUS: FeedStatus = /* @__PURE__ */ Object.freeze({
  state: 'idle',
  attempt: 0,
  retryMaxCount: 10,
  retryDelay: null,
  retryAt: null,
  lastEventId: '',
  error: null,
  messages: 0,
  stale: false,
  lastMessageAt: null,
  finished: false,
});

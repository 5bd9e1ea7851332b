// The options of a feed as one table: each row is the default, what a change means and how a page may write it.
// The type, the defaults, applyOptions, the share key (share-key.ts) and <sse-feed>'s attribute ranges are derived from it.

import { DEFAULT_MAX_MESSAGE_SIZE } from './parser.js';
import type { FeedFetch } from './transport.js';
import type { FeedResend, FeedStreamEnd, FeedTransport } from './types.js';

/**
 * What a changed option means for a running feed: `stream`, another stream (id and backoff start over);
 * `request`, the same stream asked for differently (reconnect, resuming); `runtime`, applied to the running
 * connection; `local`, read when it is next needed.
 */
export type OptionChange = 'stream' | 'request' | 'runtime' | 'local';

/** One row of the table. */
export interface OptionRow<T> {
  /** The default. */
  readonly value: T;
  /** `local` when absent: the most common meaning, left unwritten. */
  readonly change?: OptionChange;
  /** False when feeds that differ only in it may share a connection; true when absent. */
  readonly shared?: false;
  /** The numbers a page may write (`<sse-feed>` warns and uses the default otherwise). */
  readonly range?: readonly [min: number, max: number];
  /** The strings a page may write. */
  readonly choices?: readonly T[];
}

const ANY_DELAY = [0, 2 ** 53 - 1] as const; // up to Number.MAX_SAFE_INTEGER
const UP_TO_INFINITY = [0, Infinity] as const;

/** The transports and stream-end meanings a page may write. */
export const TRANSPORTS: readonly FeedTransport[] = ['fetch', 'eventsource'];
export const STREAM_ENDS: readonly FeedStreamEnd[] = ['auto', 'reconnect', 'close'];

// Plain literals, no calls: a bundle that never reads a row can drop the table.
/** Every option of a feed. Adding an option is one row here (and its `declare` field with JSDoc in `<sse-feed>`). */
export const OPTIONS = {
  /** Stream URL, resolved against `baseURL`; empty means idle. */
  src: { value: '', change: 'stream' },
  /** Base for a relative `src`; defaults to the document's base URL or the worker's location. */
  baseURL: { value: undefined as string | undefined, change: 'stream', shared: false }, // folded into the resolved src
  transport: { value: 'fetch' as FeedTransport, change: 'request', choices: TRANSPORTS },
  /** Upper-cased when it is one of the methods `fetch()` normalises, as `fetch()` would. */
  method: { value: 'GET', change: 'stream' },
  body: { value: null as BodyInit | null, change: 'stream' },
  headers: { value: /* @__PURE__ */ Object.freeze({}) as Readonly<Record<string, string>>, change: 'request' },
  withCredentials: { value: false, change: 'request' },
  retryInterval: { value: 1000, range: ANY_DELAY },
  retryScaler: { value: 2, range: ANY_DELAY },
  retryMaxWait: { value: 30_000, range: ANY_DELAY },
  retryMaxCount: { value: 10, change: 'runtime', range: UP_TO_INFINITY },
  retryJitter: { value: 0.3, range: [0, 1] },
  /** Ms without a byte before an open stream counts as failed; 0 turns it off. */
  stallTimeout: { value: 0, change: 'runtime', range: UP_TO_INFINITY },
  pauseWhenHidden: { value: false, change: 'runtime' },
  persist: { value: false },
  json: { value: false },
  maxMessageSize: { value: DEFAULT_MAX_MESSAGE_SIZE, change: 'request', range: [1, Infinity] },
  /** EventSource only: event names to listen for besides unnamed ones. */
  events: { value: /* @__PURE__ */ Object.freeze([]) as readonly string[], change: 'request' },
  /**
   * The id a new stream resumes from (sent as `Last-Event-ID`), as if an event with it had arrived;
   * empty starts from the beginning. Read when the stream starts, when a new `src`, `method` or `body`
   * starts a new one, and when a finished stream is connected again; `persist` wins.
   */
  lastEventId: { value: '' },
  /** What a clean end of an open stream means (fetch transport): see {@link FeedStreamEnd}. */
  streamEnd: { value: 'auto' as FeedStreamEnd, choices: STREAM_ENDS },
  /** A message of this type is delivered, then ends the feed (`closed`); empty for none. EventSource listens for it by name. */
  closeEvent: { value: '' },
  /** A message whose data is exactly this ends the feed (`closed`), neither dispatched nor parsed (`[DONE]`); empty for none. */
  closeData: { value: '' },
  /** Whether a broken request that is not a `GET` is sent again: see {@link FeedResend}. */
  resend: { value: 'auto' as FeedResend, choices: ['auto', 'always'] as FeedResend[] },
  /** A message of this type is delivered, then reported as a replay gap; empty for none. EventSource listens for it by name. */
  gapEvent: { value: '' },
  /**
   * Fetch transport: makes the request of every attempt; null for `globalThis.fetch`. Changing it does
   * not reconnect: it applies from the next attempt. A shared connection uses its first member's.
   */
  fetch: { value: null as FeedFetch | null, shared: false },
  /**
   * Fetch: when set, the last id travels as this query parameter instead of the `Last-Event-ID` header.
   * EventSource: the query parameter that carries it (`lastEventId` when empty).
   */
  lastEventIdParam: { value: '', change: 'request' },
  /** Ms without a dispatched message, while connected, before `status.stale` turns true; 0 turns it off. */
  staleAfter: { value: 0, change: 'runtime', range: UP_TO_INFINITY },
  /** Logs requests, responses, state changes, scheduled retries and errors to `console.debug`. */
  debug: { value: false, shared: false },
  /** How `debug` lines name the feed (`<sse-feed>` passes `#id`, else its `src`). */
  name: { value: '', shared: false },
} satisfies Record<string, OptionRow<unknown>>;

/** The name of an option. */
export type FeedOptionName = keyof typeof OPTIONS;

/** Everything that shapes a feed; the properties of `<sse-feed>`. */
export type FeedOptions = { -readonly [K in FeedOptionName]: (typeof OPTIONS)[K]['value'] };

/** Every option's name, in the table's order. */
export const NAMES = /* @__PURE__ */ Object.keys(OPTIONS) as FeedOptionName[];

/** The options a feed starts with. */
export const DEFAULT_FEED_OPTIONS: Readonly<FeedOptions> = /* @__PURE__ */ defaults();

function defaults(): Readonly<FeedOptions> {
  return Object.freeze(Object.fromEntries(NAMES.map((name) => [name, OPTIONS[name].value])) as FeedOptions);
}

// The methods `fetch()` upper-cases itself ("normalize a method"); any other is sent as written.
const NORMALISED_METHODS = /^(delete|get|head|options|post|put)$/i;

/**
 * `changes` applied to `previous`, with the objects a caller may mutate later copied and frozen:
 * `headers` and `events` are compared by content, so an equal new object is not a change and a
 * mutation of the caller's object changes nothing until it is given again.
 */
export function applyOptions(previous: Readonly<FeedOptions>, changes: Partial<FeedOptions>): FeedOptions {
  const next = { ...previous, ...changes };
  const headers = next.headers ?? {};
  next.headers = same(headers, previous.headers) ? previous.headers : Object.freeze({ ...headers });
  const events = next.events ?? [];
  next.events = same(events, previous.events) ? previous.events : Object.freeze([...events]);
  const method = next.method || 'GET';
  next.method = NORMALISED_METHODS.test(method) ? method.toUpperCase() : method;
  return next;
}

/** True when an option whose change means `change` (a new stream or a new request) differs between `previous` and `next`. */
export function changed(previous: Readonly<FeedOptions>, next: Readonly<FeedOptions>, change: 'stream' | 'request'): boolean {
  return NAMES.some((name) => (OPTIONS[name] as OptionRow<unknown>).change === change && next[name] !== previous[name]);
}

/** Equal own keys with the same values (a record's headers, a list's names). */
function same<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as Array<keyof T>;
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

// The two ways to read a stream: fetch streaming (status codes, headers, POST) and native EventSource.

import { isEventStream, refusalError } from './http.js';
import { missing } from './on-demand.js';
import { originOf, withParam } from './url.js';
import { feedError, type FeedError, type FeedTransport, type ParsedEvent } from './types.js';

/** The request a feed makes, as its `fetch` function receives it: headers are a plain, mutable object. */
export interface FeedRequestInit extends RequestInit {
  method: string;
  headers: Record<string, string>;
  body: BodyInit | null;
  credentials: RequestCredentials;
  signal: AbortSignal;
}

/**
 * What the fetch transport calls for every attempt, `globalThis.fetch` by default: it gets the URL and
 * the request the feed would make (`Last-Event-ID` included) and answers with the response to read.
 */
export type FeedFetch = (url: string, init: FeedRequestInit) => Promise<Response>;

/** `globalThis.fetch`, looked up at each call (so it can be wrapped, and replaced in tests). */
export const defaultFetch: FeedFetch = (url, init) => globalThis.fetch(url, init);

/** What one attempt asks of the server. */
export interface StreamRequest {
  /** Absolute http(s) URL. */
  url: string;
  method: string;
  body: BodyInit | null;
  headers: Readonly<Record<string, string>>;
  withCredentials: boolean;
  /** Sent as `Last-Event-ID` (fetch) or a query parameter (EventSource, or `lastEventIdParam`) when not empty. */
  lastEventId: string;
  /**
   * The query parameter that carries `lastEventId`. Fetch: when set, it replaces the header. EventSource:
   * `lastEventId` when empty.
   */
  lastEventIdParam: string;
  /** EventSource only: event names to listen for besides unnamed ones. */
  events: readonly string[];
  /** EventSource only: a message whose data is longer, in UTF-8 bytes, is dropped (the parser bounds the fetch transport's). */
  maxMessageSize: number;
  /** Fetch only: the function that makes the request; `globalThis.fetch` when null. */
  fetch: FeedFetch | null;
}

/** Where a transport reports what happens to its one attempt. Nothing is reported after `abort()`. */
export interface TransportSink {
  /** The request is about to be made (for `debug`): the final URL and request. */
  request(url: string, init: { method: string; headers: Readonly<Record<string, string>> }): void;
  /** The server answered (fetch transport), before it is classified. */
  response(status: number, contentType: string | null): void;
  /**
   * The server accepted: the stream is open. `resumedFrom` (fetch transport): the request resumed and the
   * response's `Last-Event-ID` header names another id, the one the server resumes after (Mercure: `earliest`).
   */
  open(origin: string, resumedFrom?: string): void;
  /**
   * Raw bytes of the stream (fetch transport). A returned promise holds back the next read until it
   * settles, so a consumer that delivers in slices is not flooded.
   */
  bytes(chunk: Uint8Array): void | Promise<void>;
  /** A message the browser parsed already (EventSource transport). */
  event(event: ParsedEvent, origin: string): void;
  /** A message the browser parsed, dropped as too large (EventSource transport): its id still counts. */
  dropped(lastEventId: string, error: FeedError): void;
  /** The server ended an open stream cleanly (fetch transport). */
  end(): void;
  /** The attempt failed; `retryAfter` is the server's `Retry-After` in ms; `cause` is for `debug`. */
  fail(error: FeedError, retryAfter: number | null, cause?: unknown): void;
  /** The server asked the client to stop (HTTP 204). */
  close(): void;
}

/** A running attempt. */
export interface TransportHandle {
  /** Ends the attempt and its connection; its sink hears nothing more. */
  abort(): void;
}

/** The `eventsource` transport, a module of its own: only a feed that asks for it loads it (once). */
type EventSourceTransport = typeof import('./eventsource.js');
let eventSource: EventSourceTransport | undefined;
let loadingEventSource: Promise<EventSourceTransport | null> | undefined;

/**
 * What a refused response means (its error's words, a `Retry-After` date), a module of its own: a feed loads it
 * with the first response that does not open a stream; null when its file did not load.
 */
type Refusal = typeof import('./refusal.js');
let loadingRefusal: Promise<Refusal | null> | undefined;

/** Opens one attempt with the given transport. */
export function openTransport(transport: FeedTransport, request: StreamRequest, sink: TransportSink): TransportHandle {
  if (transport !== 'eventsource') return openFetchStream(request, sink);
  if (eventSource) return eventSource.openEventSource(request, sink);
  // The first EventSource attempt waits for its module; an abort meanwhile means it never opens.
  let handle: TransportHandle | null = null;
  let aborted = false;
  void (loadingEventSource ??= import('./eventsource.js').catch(missing('eventsource'))).then((module) => {
    if (aborted) return;
    if (module) handle = (eventSource = module).openEventSource(request, sink);
    // Its file did not load: no attempt can open, so the feed gives up at once (as when the browser refuses an
    // EventSource) rather than retry for ever; a person's Retry fails the same way until the page reloads.
    else sink.fail(feedError('network', 'Transport not loaded.', true, { reason: 'cannot-open' }), null);
  });
  return {
    abort: () => {
      aborted = true;
      handle?.abort();
    },
  };
}

/** The error of a connection that dropped or could not be made. */
export const lost = (): FeedError => feedError('network', 'Connection lost.', false, { reason: 'lost' });

/**
 * A header value that carries `text` as UTF-8, as the standard's EventSource sends `Last-Event-ID`: header values
 * are bytes, and `fetch()` takes a string of one character per byte (a TypeError past U+00FF). WebKit sends each
 * such character past 0x7F UTF-8 encoded again: there the id arrives double-encoded (`lastEventIdParam` avoids it).
 */
function headerBytes(text: string): string {
  let bytes = '';
  for (const byte of new TextEncoder().encode(text)) bytes += String.fromCharCode(byte);
  return bytes;
}

/** Streams `request` with `fetch()`, classifying the response as the contract's Outcomes table says. */
export function openFetchStream(request: StreamRequest, sink: TransportSink): TransportHandle {
  const controller = new AbortController();
  const { signal } = controller;
  const resume = request.lastEventId !== '';
  const url = resume && request.lastEventIdParam !== '' ? withParam(request.url, request.lastEventIdParam, request.lastEventId) : request.url;
  // Only CORS-safelisted headers of our own: a cross-origin GET stays a simple request, with no
  // preflight (Last-Event-ID is not safelisted: `lastEventIdParam` avoids it). `cache: 'no-store'`
  // keeps caches out of the way (the browser adds its own Cache-Control / Pragma without a preflight).
  const headers: Record<string, string> = { Accept: 'text/event-stream', ...request.headers };
  if (resume && request.lastEventIdParam === '') headers['Last-Event-ID'] = headerBytes(request.lastEventId);
  const init: FeedRequestInit = {
    method: request.method,
    headers,
    body: request.body,
    credentials: request.withCredentials ? 'include' : 'same-origin',
    cache: 'no-store',
    signal,
  };

  const run = async (): Promise<void> => {
    let response: Response;
    try {
      sink.request(url, init);
      response = await (request.fetch ?? defaultFetch)(url, init);
    } catch (cause) {
      if (!signal.aborted) sink.fail(feedError('network', 'Unreachable.', false, { reason: 'unreachable' }), null, cause);
      return;
    }
    if (signal.aborted) return;
    if (!isResponse(response)) {
      sink.fail(feedError('network', 'fetch gave no Response.', false, { reason: 'not-a-response' }), null);
      return;
    }
    const { status, headers: answer, body } = response;
    const contentType = answer.get('Content-Type');
    sink.response(status, contentType);
    const opens = status === 200 && isEventStream(contentType);
    if (!opens || body === null) {
      void body?.cancel().catch(() => undefined);
      if (status === 204) return sink.close();
      if (opens) return sink.fail(lost(), null);
      // A refusal: what it means loads with the first one (a healthy feed never needs it).
      const refusal = await (loadingRefusal ??= import('./refusal.js').catch(missing('refusal')));
      if (signal.aborted) return;
      const outcome = refusal?.classifyResponse(status, contentType, answer.get('Retry-After'));
      if (outcome?.kind === 'error') sink.fail(outcome.error, outcome.retryAfter);
      // Its file did not load: the same rules, without the reason phrase and without the `Retry-After` wait.
      else sink.fail(refusalError(status, contentType, `HTTP ${status}.`), null);
      return;
    }
    // A replay gap: the server resumed after another id than the one sent (compared as the bytes sent). Cross-origin,
    // the header is readable only when the server exposes it.
    const resumedFrom = answer.get('Last-Event-ID');
    sink.open(originOf(response.url || url), resume && resumedFrom !== null && resumedFrom !== headerBytes(request.lastEventId) ? resumedFrom : undefined);
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (signal.aborted) return;
        if (done) break;
        const delivering = sink.bytes(value);
        if (delivering) await delivering;
        if (signal.aborted) return;
      }
    } catch (cause) {
      if (!signal.aborted) sink.fail(lost(), null, cause);
      return;
    }
    sink.end();
  };
  void run();
  return { abort: () => controller.abort() };
}

/** True for a `Response`, or anything shaped like one (another realm's, a polyfill's). */
function isResponse(value: unknown): value is Response {
  const response = value as Partial<Response> | null | undefined;
  return typeof response?.status === 'number' && typeof response.headers?.get === 'function';
}

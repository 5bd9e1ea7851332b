// The two ways to read a stream: fetch streaming (status codes, headers, POST) and native EventSource.

import { classifyResponse } from './retry.js';
import { feedError, type FeedError, type FeedTransport, type ParsedEvent } from './types.js';

/** What one attempt asks of the server. */
export interface StreamRequest {
  /** Absolute http(s) URL. */
  url: string;
  method: string;
  body: BodyInit | null;
  headers: Readonly<Record<string, string>>;
  withCredentials: boolean;
  /** Sent as `Last-Event-ID` (fetch) or the `lastEventId` query parameter (EventSource) when not empty. */
  lastEventId: string;
  /** EventSource only: event names to listen for besides unnamed ones. */
  events: readonly string[];
}

/** Where a transport reports what happens to its one attempt. Nothing is reported after `abort()`. */
export interface TransportSink {
  /** The server accepted: the stream is open. */
  open(origin: string): void;
  /** Raw bytes of the stream (fetch transport). */
  bytes(chunk: Uint8Array): void;
  /** A message the browser parsed already (EventSource transport). */
  event(event: ParsedEvent, origin: string): void;
  /** The attempt failed or the stream ended; `retryAfter` is the server's `Retry-After` in ms. */
  fail(error: FeedError, retryAfter: number | null): void;
  /** The server asked the client to stop (HTTP 204). */
  close(): void;
}

/** A running attempt. */
export interface TransportHandle {
  /** Ends the attempt and its connection; its sink hears nothing more. */
  abort(): void;
}

/** Opens one attempt with the given transport. */
export function openTransport(transport: FeedTransport, request: StreamRequest, sink: TransportSink): TransportHandle {
  return transport === 'eventsource' ? openEventSource(request, sink) : openFetchStream(request, sink);
}

const LOST = 'The connection to the server was lost.';

/** Streams `request` with `fetch()`, classifying the response as the contract's Outcomes table says. */
export function openFetchStream(request: StreamRequest, sink: TransportSink): TransportHandle {
  const controller = new AbortController();
  const { signal } = controller;
  // Only CORS-safelisted headers of our own: a cross-origin GET stays a simple request, with no
  // preflight. `cache: 'no-store'` below keeps caches out of the way (the browser adds its own
  // Cache-Control / Pragma for it without a preflight).
  const headers: Record<string, string> = {
    Accept: 'text/event-stream',
    ...request.headers,
  };
  if (request.lastEventId !== '') headers['Last-Event-ID'] = request.lastEventId;

  const run = async (): Promise<void> => {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers,
        body: request.body,
        credentials: request.withCredentials ? 'include' : 'same-origin',
        cache: 'no-store',
        signal,
      });
    } catch {
      if (!signal.aborted) sink.fail(feedError('network', 'Could not reach the server.', false), null);
      return;
    }
    if (signal.aborted) return;
    const outcome = classifyResponse(
      response.status,
      response.headers.get('Content-Type'),
      response.headers.get('Retry-After'),
    );
    if (outcome.kind !== 'open' || response.body === null) {
      void response.body?.cancel().catch(() => undefined);
      if (outcome.kind === 'closed') sink.close();
      else if (outcome.kind === 'error') sink.fail(outcome.error, outcome.retryAfter);
      else sink.fail(feedError('network', LOST, false), null);
      return;
    }
    sink.open(originOf(response.url || request.url));
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (signal.aborted) return;
        if (done) break;
        sink.bytes(value);
      }
    } catch {
      if (!signal.aborted) sink.fail(feedError('network', LOST, false), null);
      return;
    }
    sink.fail(feedError('network', 'The server ended the stream.', false), null);
  };
  void run();
  return { abort: () => controller.abort() };
}

/**
 * Opens `request` with the browser's `EventSource`. It cannot see status codes or send headers, so
 * every error is kind `network`; the feed, not the browser, decides when to reconnect.
 */
export function openEventSource(request: StreamRequest, sink: TransportSink): TransportHandle {
  const url = new URL(request.url);
  if (request.lastEventId !== '') url.searchParams.set('lastEventId', request.lastEventId);
  const source = new EventSource(url, { withCredentials: request.withCredentials });
  let closed = false;
  // A new EventSource starts with an empty last id, where the stream's own would carry it over: until
  // this stream names an id, an empty one means "unchanged". (An explicit `id:` reset to empty before
  // any other id is indistinguishable here; the browser does not tell.)
  let idSeen = false;
  const onEvent = (event: MessageEvent<string>): void => {
    if (closed) return;
    if (event.lastEventId !== '') idSeen = true;
    const lastEventId = idSeen ? event.lastEventId : request.lastEventId;
    sink.event({ type: event.type, data: event.data, lastEventId }, event.origin);
  };
  source.addEventListener('open', () => {
    if (!closed) sink.open(url.origin);
  });
  source.addEventListener('message', onEvent);
  for (const name of request.events) {
    if (name !== 'message') source.addEventListener(name, onEvent as EventListener);
  }
  source.addEventListener('error', () => {
    if (closed) return;
    closed = true;
    source.close();
    sink.fail(feedError('network', LOST, false), null);
  });
  return {
    abort: () => {
      closed = true;
      source.close();
    },
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

// The `eventsource` transport: the browser's native EventSource, loaded the first time a feed asks for it.

import { DEFAULT_MAX_MESSAGE_SIZE, messageTooLarge, utf8Length } from './parser.js';
import { lost, type StreamRequest, type TransportHandle, type TransportSink } from './transport.js';
import { withParam } from './url.js';

/**
 * Opens `request` with the browser's `EventSource`. It cannot see status codes or send headers, so
 * every error is kind `network`; the feed, not the browser, decides when to reconnect. It cannot tell
 * a clean end from a dropped connection either: both are a `fail`.
 */
export function openEventSource(request: StreamRequest, sink: TransportSink): TransportHandle {
  const url =
    request.lastEventId === '' ? request.url : withParam(request.url, request.lastEventIdParam || 'lastEventId', request.lastEventId);
  sink.request(url, { method: 'GET', headers: {} });
  const source = new EventSource(url, { withCredentials: request.withCredentials });
  let closed = false;
  // A new EventSource starts with an empty last id, where the stream's own would carry it over: until
  // this stream names an id, an empty one means "unchanged". (An explicit `id:` reset to empty before
  // any other id is indistinguishable here; the browser does not tell.)
  let idSeen = false;
  const limit = request.maxMessageSize > 0 ? request.maxMessageSize : DEFAULT_MAX_MESSAGE_SIZE;
  const onEvent = ({ type, data, lastEventId, origin }: MessageEvent<string>): void => {
    if (closed) return;
    if (lastEventId !== '') idSeen = true;
    const id = idSeen ? lastEventId : request.lastEventId;
    // The browser buffered the whole message already; the size limit still holds for the page.
    if (data.length * 3 > limit && utf8Length(data) > limit) sink.dropped(id, messageTooLarge(limit));
    else sink.event({ type, data, lastEventId: id }, origin);
  };
  source.addEventListener('open', () => {
    if (!closed) sink.open(new URL(url).origin);
  });
  source.addEventListener('message', onEvent);
  for (const name of new Set(request.events)) {
    if (name !== 'message') source.addEventListener(name, onEvent as EventListener);
  }
  source.addEventListener('error', () => {
    if (closed) return;
    closed = true;
    source.close();
    sink.fail(lost(), null);
  });
  return {
    abort: () => {
      closed = true;
      source.close();
    },
  };
}

// What the engine running a test does where Chromium, Firefox and WebKit differ, asked of the test server once
// per page. Tests tell the engines apart by these answers, never by the user-agent string; the Browser support guide's
// table lists the same differences.

import type { FeedTransport } from '../components/core/types.js';
import { serverSession } from './helpers.js';
import { sleep } from './sse-feed-helpers.js';

/** One answer per page: the probe runs the first time it is asked. */
function once<T>(probe: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () => (answer ??= probe());
}

const opens = {
  fetch: once(() => opensBeforeBody('fetch')),
  eventsource: once(() => opensBeforeBody('eventsource')),
};

/**
 * Whether this engine reports an event stream open on its headers alone (Chromium, WebKit), or only with the
 * first byte of its body (Firefox: fetch() does not resolve and EventSource does not fire `open` before it).
 */
export const opensOnHeaders = (transport: FeedTransport): Promise<boolean> => opens[transport]();

async function opensBeforeBody(transport: FeedTransport): Promise<boolean> {
  const server = serverSession({}); // headers, then not one byte
  const controller = new AbortController();
  let source: EventSource | null = null;
  const opened =
    transport === 'fetch'
      ? fetch(server.url, { signal: controller.signal, headers: { Accept: 'text/event-stream' }, cache: 'no-store' }).then(() => true)
      : new Promise<boolean>((resolve) => (source = new EventSource(server.url)).addEventListener('open', () => resolve(true)));
  try {
    return await Promise.race([opened.catch(() => false), sleep(1500).then(() => false)]);
  } finally {
    controller.abort();
    (source as EventSource | null)?.close();
  }
}

/**
 * Whether this engine's `fetch()` reads a body whose connection closed before the chunked body's end as a normal
 * end (WebKitGTK: libsoup), rather than as a network error (Chromium, Firefox).
 */
export const cutBodyEndsCleanly = once(async () => {
  const server = serverSession({ count: 1, end: 'abort' });
  const reader = (await fetch(server.url)).body!.getReader();
  try {
    while (!(await reader.read()).done);
    return true;
  } catch {
    return false;
  }
});

/** A header value as the server got it (Node reads header bytes as Latin-1: one character per byte), decoded as UTF-8. */
export const headerText = (value: string | undefined): string =>
  new TextDecoder().decode(Uint8Array.from(value ?? '', (char) => char.charCodeAt(0)));

/**
 * Whether this engine's fetch() sends a header value's characters U+0080 to U+00FF UTF-8 encoded (WebKit) rather
 * than as the one byte each the Fetch standard says (Chromium, Firefox).
 */
export const engineEncodesHeaderBytes = once(async () => {
  const server = serverSession({ raw: 'data: x\n\n', end: 'close' });
  await (await fetch(server.url, { headers: { 'X-Probe': '\u00e9' } })).text();
  const { requests } = await server.log();
  return headerText(requests[0].headers['x-probe']) === '\u00e9';
});

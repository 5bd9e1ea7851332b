// Where Chromium, Firefox and WebKit differ in what <sse-feed> can see, each difference asserted as it is in the
// engine running the test. Engines are told apart by what they do (a probe against the test server), never by
// their user-agent string. The README's browser table lists the same differences.

import { expect } from '@open-wc/testing';
import { serverSession, stateOf } from './helpers.js';
import { createFeed } from './sse-feed-helpers.js';

let atHeaders: Promise<boolean> | undefined;

/**
 * Whether this engine's `fetch()` resolves once an event stream's headers arrive, before any byte of its body
 * (Chromium, WebKit), rather than at the first byte (Firefox, whose EventSource opens at that byte too).
 */
export function fetchResolvesAtHeaders(): Promise<boolean> {
  atHeaders ??= (async () => {
    const server = serverSession({}); // headers, then not one byte
    const controller = new AbortController();
    const answer = await Promise.race([
      fetch(server.url, { signal: controller.signal }).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1500)),
    ]);
    controller.abort();
    return answer;
  })();
  return atHeaders;
}

describe('engine differences: when a stream counts as connected', () => {
  // Headers at once, then the first byte (a comment) 1.2 s later.
  const headersThenByte = { raw: ['', ': first byte\n\n'], rawDelay: 1200 };

  for (const transport of ['fetch', 'eventsource'] as const) {
    it(`${transport}: connected at the headers, or at the first byte where the engine waits for it (Firefox)`, async () => {
      const waitsForFirstByte = !(await fetchResolvesAtHeaders());
      const server = serverSession(headersThenByte);
      const started = Date.now();
      const feed = createFeed({ src: server.url, transport });
      await stateOf(feed, 'connected', 5000);
      const elapsed = Date.now() - started;
      if (waitsForFirstByte) {
        // Firefox: nothing tells the page the stream is open before its first byte; connecting until then.
        expect(elapsed, 'connected only once the first byte came').to.be.at.least(1100);
      } else {
        expect(elapsed, 'connected when the headers came').to.be.below(1100);
      }
    });
  }
});

// Where Chromium, Firefox and WebKit differ in what <sse-feed> can see, each difference asserted as it is in the
// engine running the test, which test/engine-probes.ts tells apart by what it does.

import { expect } from '@open-wc/testing';
import { serverSession, stateOf } from './helpers.js';
import { createFeed, record } from './sse-feed-helpers.js';
import { cutBodyEndsCleanly, opensOnHeaders } from './engine-probes.js';

describe('engine differences: a connection closed before the end of the body', () => {
  it('fetch: a drop, reason lost (a GET and a POST resume), or where the engine reads it as the end, reason ended (a POST is finished)', async () => {
    const endsCleanly = await cutBodyEndsCleanly();
    const quick = { 'retry-interval': 100, 'retry-jitter': 0 };
    const get = serverSession({ count: 1, interval: 50, end: 'abort' }, { count: 1 });
    const post = serverSession({ count: 1, interval: 50, end: 'abort' }, { count: 1, end: 'close' });
    const getFeed = createFeed({ src: get.url, ...quick });
    const postFeed = createFeed({ src: post.url, method: 'POST', ...quick }, { body: 'q' });
    const postLog = record(postFeed);
    const retrying = await stateOf(getFeed, 'retrying');
    await stateOf(getFeed, 'connected');
    await stateOf(postFeed, 'closed', 5000);
    if (endsCleanly) {
      // WebKitGTK: nothing tells the page the connection was cut. A GET resumes all the same (stream-end auto);
      // a POST looks finished: the Browser support guide says to end such streams with a close-event and stream-end="reconnect".
      expect(retrying.error?.reason).to.equal('ended');
      expect(postLog.messages.map((message) => message.data)).to.deep.equal(['1']);
    } else {
      expect(retrying.error?.reason).to.equal('lost');
      expect(postLog.messages.map((message) => message.data)).to.deep.equal(['1', '2']);
    }
  });
});

describe('engine differences: a POST answer that survives a cut in every engine', () => {
  it('close-event with stream-end="reconnect": an end without the close event resumes, the close event finishes', async () => {
    const server = serverSession(
      // The cut 50 ms after the event (measured: Chromium delivered nothing of a stream cut the moment it sent its event).
      { count: 1, interval: 50, end: 'abort' },
      { raw: 'id: 2\ndata: b\n\nevent: done\ndata: end\n\n' },
    );
    const feed = createFeed(
      { src: server.url, method: 'POST', 'close-event': 'done', 'stream-end': 'reconnect', 'retry-interval': 100, 'retry-jitter': 0 },
      { body: 'q' },
    );
    const log = record(feed);
    await stateOf(feed, 'closed', 5000);
    expect(log.messages.map((message) => message.data)).to.deep.equal(['1', 'b', 'end']);
    const { requests } = await server.log();
    expect(requests.map((request) => [request.method, request.body, request.headers['last-event-id']])).to.deep.equal([
      ['POST', 'q', undefined],
      ['POST', 'q', '1'],
    ]);
  });
});

describe('engine differences: when a stream counts as connected', () => {
  // Headers at once, then the first byte (a comment) 1.2 s later.
  const headersThenByte = { raw: ['', ': first byte\n\n'], rawDelay: 1200 };

  for (const transport of ['fetch', 'eventsource'] as const) {
    it(`${transport}: connected at the headers, or at the first byte where the engine waits for it (Firefox)`, async () => {
      const waitsForFirstByte = !(await opensOnHeaders('fetch'));
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

// The README's fetch recipes (stories/support/recipes.ts) with the test kit as the server: each answer is chosen by the
// test, so a 401 comes exactly when wanted. Beside recipes.test.ts, which runs them against the real test server.

import { expect } from '@open-wc/testing';
import '../components/index.js';
import { createTestStream, type TestStream } from '../components/testing/index.js';
import { bearerFetch, hmacKey, signedFetch } from '../stories/support/recipes.js';
import { until } from './helpers.js';
import { createFeed, record } from './sse-feed-helpers.js';

const realFetch = globalThis.fetch;

/** The recipes call the global `fetch`: for one test, that is the stream's. */
function serveFetch(stream: TestStream): void {
  globalThis.fetch = stream.fetch as typeof fetch;
}

afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('recipe with the test kit: bearerFetch', () => {
  it('a 401 makes it ask for a fresh token and send again; the feed only sees the stream', async () => {
    const stream = createTestStream();
    serveFetch(stream);
    const asked: boolean[] = [];
    const feed = createFeed({ src: '/secure', 'retry-interval': 20, 'retry-jitter': 0 }, {}, false);
    feed.fetch = bearerFetch(async (refresh) => {
      asked.push(refresh);
      return refresh ? 'fresh' : 'stale';
    });
    const log = record(feed);
    document.body.append(feed);

    expect((await stream.nextRequest()).headers.authorization).to.equal('Bearer stale');
    stream.respond(401);
    expect((await stream.nextRequest()).headers.authorization).to.equal('Bearer fresh');
    stream.open();
    stream.send({ data: 'welcome', id: '1' });
    await until(() => log.messages.length === 1, 2000, 'the message');
    expect(asked).to.deep.equal([false, true]);
    expect(log.errors).to.deep.equal([]);

    // The resume asks for the token again (the cache decides whether it is still good) and carries the last id.
    stream.drop();
    const resume = await stream.nextRequest();
    expect(resume.headers.authorization).to.equal('Bearer stale');
    expect(resume.lastEventId).to.equal('1');
  });
});

describe('recipe with the test kit: signedFetch', () => {
  it('signs every attempt, the resume with its Last-Event-ID inside the signature', async () => {
    const stream = createTestStream();
    serveFetch(stream);
    const key = await hmacKey('test secret');
    const feed = createFeed({ src: '/signed?room=7', 'retry-interval': 20, 'retry-jitter': 0 }, {}, false);
    feed.fetch = signedFetch(key);
    document.body.append(feed);
    const expected = async (method: string, path: string, timestamp: string, lastEventId: string): Promise<string> => {
      const signed = [method, path, timestamp, lastEventId].join('\n');
      const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signed));
      return btoa(String.fromCharCode(...new Uint8Array(signature)));
    };

    const first = await stream.nextRequest();
    expect(first.headers['x-signature']).to.equal(await expected('GET', '/signed?room=7', first.headers['x-timestamp'], ''));
    stream.open();
    stream.send({ data: 'x', id: 'a-1' });
    stream.drop();
    const resume = await stream.nextRequest();
    expect(resume.lastEventId).to.equal('a-1');
    expect(resume.headers['x-signature']).to.equal(await expected('GET', '/signed?room=7', resume.headers['x-timestamp'], 'a-1'));
  });
});

// The Expiring tokens guide's fetch recipes (stories/support/recipes.ts) on a real <sse-feed> against the real test server, with the
// demo server's own token and signature checks in front of it (test/auth-middleware.mjs).

import { expect } from '@open-wc/testing';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { bearerFetch, cachedToken, hmacKey, signedFetch, tokenFrom, type IssuedToken } from '../stories/support/recipes.js';
import { serverSession, stateOf, until, type ServerStep } from './helpers.js';
import { createFeed, record, sleep } from './sse-feed-helpers.js';

/** One check the server made, as test/auth-middleware.mjs logs it. */
interface Check {
  route: 'bearer' | 'signed';
  token?: string;
  tokenId?: number | null;
  signed?: string;
  lastEventId: string | null;
  url: string;
  ok: boolean;
  reason: string;
}

/** A scripted stream behind one of the middleware's checks, and what the server checked. */
function protectedSession(route: 'bearer' | 'signed', ...steps: ServerStep[]): { url: string; checks(): Promise<Check[]> } {
  const session = serverSession(...steps);
  return {
    url: session.url.replace('/sse/stream', `/auth/${route}`),
    async checks() {
      const response = await fetch(`/auth/log?session=${session.id}`, { cache: 'no-store' });
      return response.json();
    },
  };
}

/** A feed that uses `fetch`, set before it connects (as the Expiring tokens guide says: `manual`, or set it before adding the feed). */
function feedWith(src: string, fetch: SseFeed['fetch'], attributes: Record<string, string | number> = {}): SseFeed {
  const feed = createFeed({ src, 'retry-interval': 30, 'retry-jitter': 0, ...attributes }, {}, false);
  feed.fetch = fetch;
  document.body.append(feed);
  return feed;
}

describe('recipe: a bearer token on every attempt (bearerFetch + cachedToken)', () => {
  it('asks for the token on every attempt: reuses it while valid, fetches a fresh one once it has expired', async () => {
    const server = protectedSession('bearer', { count: 1, end: 'close' }, { count: 1, closeAfter: 1500 }, { count: 1 });
    const issued: IssuedToken[] = [];
    const issue = async (): Promise<IssuedToken> => {
      const token = await tokenFrom('/auth/token?ms=1200');
      issued.push(token);
      return token;
    };
    const feed = feedWith(server.url, bearerFetch(cachedToken(issue, 100)));
    const log = record(feed);
    await until(() => feed.status.messages === 3, 6000, 'three messages over three attempts');
    const checks = await server.checks();
    expect(checks.map((check) => check.ok)).to.deep.equal([true, true, true]);
    expect(issued).to.have.length(2);
    const [first, second] = issued.map((entry) => entry.token);
    // The first resume came at once: the same token, still valid. The second came after it had expired: a new one.
    expect(checks.map((check) => check.token)).to.deep.equal([first, first, second]);
    expect(checks.map((check) => check.lastEventId)).to.deep.equal([null, '1', '2']);
    expect(log.errors.map((error) => error.kind)).to.deep.equal(['network', 'network']);
  });

  it('a 401 inside fetch: refreshes the token and sends again; the feed never sees the 401', async () => {
    const server = protectedSession('bearer', { count: 1, closeAfter: 1000 }, { count: 1 });
    const asked: boolean[] = [];
    const getToken = cachedToken(() => tokenFrom('/auth/token'));
    const feed = feedWith(
      server.url,
      bearerFetch((refresh) => {
        asked.push(refresh);
        return getToken(refresh);
      }),
    );
    const log = record(feed);
    await until(() => feed.status.messages === 1, 4000, 'the first message');
    const [first] = await server.checks();
    // The server revokes the token the feed holds; the stream ends soon after, and the resume meets a 401.
    await fetch('/auth/revoke', { method: 'POST', headers: { Authorization: `Bearer ${first.token}` } });
    await until(() => feed.status.messages === 2, 5000, 'the message after the 401');
    const checks = await server.checks();
    expect(checks.map((check) => [check.ok, check.lastEventId])).to.deep.equal([
      [true, null],
      [false, '1'],
      [true, '1'],
    ]);
    expect(checks[1].token).to.equal(first.token);
    expect(checks[1].reason).to.match(/revoked/);
    expect(checks[2].token).to.not.equal(first.token);
    expect(asked).to.deep.equal([false, false, true]);
    expect(feed.status.state).to.equal('connected');
    expect(log.states.map((status) => status.state)).to.not.include('failed');
    // Only the stream's end is an error; the 401 stayed inside fetch.
    expect(log.errors.map((error) => error.kind)).to.deep.equal(['network']);
  });

  it('a second 401 is the answer the feed gets: failed, http 401, fatal', async () => {
    const server = protectedSession('bearer', { count: 1 });
    let calls = 0;
    const feed = feedWith(
      server.url,
      bearerFetch(async () => `not-a-token-${(calls += 1)}`),
    );
    const status = await stateOf(feed, 'failed');
    expect(status.error).to.include({ kind: 'http', status: 401, fatal: true });
    const checks = await server.checks();
    expect(checks.map((check) => [check.ok, check.token])).to.deep.equal([
      [false, 'not-a-token-1'],
      [false, 'not-a-token-2'],
    ]);
  });

  it('a token endpoint that fails is a network failure of the attempt, retried', async () => {
    const server = protectedSession('bearer', { count: 1 });
    let calls = 0;
    const getToken = cachedToken(async () => {
      calls += 1;
      if (calls === 1) throw new Error('the token endpoint is down');
      return tokenFrom('/auth/token');
    });
    const feed = feedWith(server.url, bearerFetch(getToken));
    const log = record(feed);
    await until(() => feed.status.messages === 1, 4000, 'the message once a token came');
    expect(log.errors.map((error) => [error.kind, error.fatal])).to.deep.equal([['network', false]]);
    expect((await server.checks()).map((check) => check.ok)).to.deep.equal([true]);
  });
});

describe('recipe: a signed request on every attempt (signedFetch)', () => {
  const demoKey = 'sse-feed demo key: public on purpose, never a real key in a page'; // DEMO_SIGNING_KEY

  it('the server verifies the signature of every attempt, the resume with Last-Event-ID included', async () => {
    const server = protectedSession('signed', { count: 2, end: 'close' }, { count: 1 });
    const feed = feedWith(server.url, signedFetch(await hmacKey(demoKey)));
    await until(() => feed.status.messages === 3, 4000, 'three messages over two attempts');
    const checks = await server.checks();
    expect(checks.map((check) => [check.ok, check.reason, check.lastEventId])).to.deep.equal([
      [true, 'verified', null],
      [true, 'verified', '2'],
    ]);
    // What was signed: method, path and query, timestamp, Last-Event-ID.
    const [method, path, timestamp, lastEventId] = (checks[1].signed ?? '').split('\n');
    expect([method, path, lastEventId]).to.deep.equal(['GET', checks[1].url, '2']);
    expect(Math.abs(Number(timestamp) - Date.now())).to.be.below(10_000);
  });

  it('with last-event-id-param the id travels in the signed query instead', async () => {
    const server = protectedSession('signed', { count: 2, end: 'close', idParam: 'lastEventId' }, { count: 1, idParam: 'lastEventId' });
    const feed = feedWith(server.url, signedFetch(await hmacKey(demoKey)), { 'last-event-id-param': 'lastEventId' });
    await until(() => feed.status.messages === 3, 4000, 'three messages over two attempts');
    const checks = await server.checks();
    expect(checks.map((check) => [check.ok, check.lastEventId])).to.deep.equal([
      [true, null],
      [true, null],
    ]);
    expect(new URL(checks[1].url, location.href).searchParams.get('lastEventId')).to.equal('2');
    expect(checks[1].signed?.split('\n')[1]).to.equal(checks[1].url);
    expect(feed.status.lastEventId).to.equal('3');
  });

  it('a request signed with another key is refused (401), and the feed fails', async () => {
    const server = protectedSession('signed', { count: 1 });
    const feed = feedWith(server.url, signedFetch(await hmacKey('some other key')));
    const status = await stateOf(feed, 'failed');
    expect(status.error).to.include({ kind: 'http', status: 401 });
    const checks = await server.checks();
    expect(checks.map((check) => [check.ok, check.reason])).to.deep.equal([[false, 'the signature does not match']]);
    await sleep(100);
    expect(await server.checks()).to.have.length(1);
  });
});

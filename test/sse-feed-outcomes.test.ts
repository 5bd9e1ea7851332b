// <sse-feed> against the real SSE server: every row of the contract's Outcomes table (fetch transport).

import { expect } from '@open-wc/testing';
import { nextStatus, serverSession, stateOf, until } from './helpers.js';
import { createFeed, record, setOnline, sleep, watchGlobalErrors } from './sse-feed-helpers.js';

const quick = { 'retry-interval': 50, 'retry-jitter': 0 };

describe('<sse-feed> outcomes (fetch transport)', () => {
  it('200 with text/event-stream: connected', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    const status = await stateOf(feed, 'connected');
    expect(status.error).to.equal(null);
    expect(status.attempt).to.equal(0);
    expect(feed.getAttribute('state')).to.equal('connected');
  });

  it('200 with text/event-stream and parameters (charset=utf-8): connected', async () => {
    const server = serverSession({ contentType: 'Text/Event-Stream; charset=utf-8', count: 1 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'connected');
  });

  it('204: closed, no retry, exactly one request', async () => {
    const server = serverSession({ status: 204 });
    const feed = createFeed({ src: server.url, ...quick });
    const status = await stateOf(feed, 'closed');
    expect(status.error).to.equal(null);
    await sleep(300);
    expect(feed.status.state).to.equal('closed');
    expect((await server.log()).requests).to.have.length(1);
  });

  it('200 with another content type: failed, kind content-type, fatal, one request', async () => {
    const server = serverSession({ contentType: 'text/html' });
    const feed = createFeed({ src: server.url, ...quick });
    const log = record(feed);
    const status = await stateOf(feed, 'failed');
    expect(status.error?.kind).to.equal('content-type');
    expect(status.error?.fatal).to.equal(true);
    expect(status.error?.message).to.contain('text/html');
    expect(log.errors.map((error) => error.kind)).to.deep.equal(['content-type']);
    await sleep(200);
    expect((await server.log()).requests).to.have.length(1);
  });

  for (const code of [500, 503, 408, 429]) {
    it(`${code}: retrying, kind http with status ${code}, not fatal`, async () => {
      const server = serverSession({ status: code });
      const feed = createFeed({ src: server.url, 'retry-interval': 200, 'retry-jitter': 0 });
      const log = record(feed);
      const status = await stateOf(feed, 'retrying');
      expect(status.error?.kind).to.equal('http');
      expect(status.error?.status).to.equal(code);
      expect(status.error?.fatal).to.equal(false);
      expect(status.attempt).to.equal(1);
      expect(status.retryDelay).to.equal(200);
      expect(status.retryAt).to.be.a('number');
      expect(log.errors[0]).to.include({ kind: 'http', status: code, fatal: false });
      await until(async () => (await server.log()).requests.length >= 2, 3000, 'the retry');
    });
  }

  it('Retry-After in seconds makes the wait at least that long', async () => {
    const server = serverSession({ status: 503, retryAfter: 1 }, { count: 1 });
    const feed = createFeed({ src: server.url, ...quick });
    const status = await stateOf(feed, 'retrying');
    expect(status.retryDelay).to.be.at.least(1000);
    await stateOf(feed, 'connected', 5000);
    const { requests } = await server.log();
    expect(requests).to.have.length(2);
    expect(requests[1].time - requests[0].time).to.be.at.least(990);
  });

  it('Retry-After as an HTTP date makes the wait at least that long', async () => {
    // HTTP dates have whole seconds: 3 s ahead, rounded down, is still more than 2 s away.
    const date = new Date(Date.now() + 3000).toUTCString();
    const server = serverSession({ status: 429, retryAfter: date }, { count: 1 });
    const feed = createFeed({ src: server.url, ...quick });
    const status = await stateOf(feed, 'retrying');
    const wanted = Date.parse(date) - Date.now();
    expect(status.retryDelay).to.be.at.least(wanted - 100);
    expect(status.retryDelay).to.be.at.least(1500);
    expect(status.retryAt).to.be.at.least(Date.parse(date) - 100);
    await stateOf(feed, 'connected', 6000);
    const { requests } = await server.log();
    expect(requests[1].time).to.be.at.least(Date.parse(date) - 50);
  });

  for (const code of [400, 401, 403, 404]) {
    it(`${code}: failed, kind http with status ${code}, fatal, one request`, async () => {
      const server = serverSession({ status: code });
      const feed = createFeed({ src: server.url, ...quick });
      const log = record(feed);
      const status = await stateOf(feed, 'failed');
      expect(status.error).to.include({ kind: 'http', status: code, fatal: true });
      expect(log.errors).to.have.length(1);
      await sleep(200);
      expect((await server.log()).requests).to.have.length(1);
      expect(feed.getAttribute('state')).to.equal('failed');
    });
  }

  it('network error (closed port): retrying, kind network', async () => {
    const feed = createFeed({ src: 'http://127.0.0.1:9/', 'retry-interval': 5000 });
    const status = await stateOf(feed, 'retrying');
    expect(status.error).to.include({ kind: 'network', fatal: false });
    expect(status.error?.status).to.equal(undefined);
  });

  it('the server ends an open stream: retrying, kind network, and it reconnects', async () => {
    // The second stream sends a comment: Firefox reports an event stream open at its first byte, not at its
    // headers (test/engine-differences.test.ts).
    const server = serverSession({ count: 2, end: 'close' }, { raw: ': open\n\n' });
    const feed = createFeed({ src: server.url, ...quick });
    await stateOf(feed, 'connected');
    const status = await stateOf(feed, 'retrying');
    expect(status.error).to.include({ kind: 'network', fatal: false });
    await until(async () => (await server.log()).requests.length === 2, 3000, 'the reconnect');
    await stateOf(feed, 'connected');
  });

  it('a stream silent for stall-timeout: retrying, kind stall, and the server sees it closed', async () => {
    const server = serverSession({ count: 1 }, {});
    const feed = createFeed({ src: server.url, 'stall-timeout': 300, 'retry-interval': 5000 });
    await stateOf(feed, 'connected');
    const started = Date.now();
    const status = await stateOf(feed, 'retrying');
    expect(Date.now() - started).to.be.at.least(250);
    expect(status.error).to.include({ kind: 'stall', fatal: false });
    expect(status.error?.message).to.contain('300 ms');
    await until(async () => (await server.log()).open === 0, 3000, 'the stalled stream to close');
  });

  it('a server that accepts the connection but never answers: retrying, kind stall', async () => {
    const server = serverSession({ firstByteDelay: 4000, count: 1 }, { count: 1 });
    const feed = createFeed({ src: server.url, 'stall-timeout': 300, 'retry-interval': 20, 'retry-jitter': 0 });
    const status = await nextStatus(feed, (s) => s.state !== 'connecting', 3000);
    expect(status.state).to.equal('retrying');
    expect(status.error).to.include({ kind: 'stall', fatal: false });
    expect(status.error?.message).to.contain('300 ms');
    await stateOf(feed, 'connected');
    expect((await server.log()).requests).to.have.length(2);
  });

  it('comments keep a stream with stall-timeout alive', async () => {
    // Comments every 100 ms against a 2 s stall: only a 1.9 s freeze of the machine could fail it.
    const server = serverSession({ count: 1, comments: 100 });
    const feed = createFeed({ src: server.url, 'stall-timeout': 2000 });
    const log = record(feed);
    await stateOf(feed, 'connected');
    await sleep(3000);
    expect(feed.status.state).to.equal('connected');
    expect(log.errors).to.deep.equal([]);
    expect((await server.log()).requests).to.have.length(1);
  });

  it('offline: retrying, kind offline, no attempt spent; reconnects at once when online', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, 'retry-interval': 10_000 });
    await until(() => feed.status.messages === 1, 3000, 'event 1');
    setOnline(false);
    const offline = await stateOf(feed, 'retrying');
    expect(offline.error).to.include({ kind: 'offline', fatal: false });
    expect(offline.attempt).to.equal(0);
    await until(async () => (await server.log()).open === 0, 3000, 'the stream to close while offline');
    await sleep(200);
    expect((await server.log()).requests).to.have.length(1);
    const back = Date.now();
    setOnline(true);
    await stateOf(feed, 'connected');
    expect(Date.now() - back).to.be.below(2000); // at once, not after the 10 s retry interval
    const { requests } = await server.log();
    expect(requests).to.have.length(2);
    expect(requests[1].headers['last-event-id']).to.equal('1');
  });

  it('offline fired twice reports it once', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'connected');
    const log = record(feed);
    setOnline(false);
    setOnline(false);
    expect(log.states.map((status) => status.error?.kind)).to.deep.equal(['offline']);
    expect(log.errors.map((error) => error.kind)).to.deep.equal(['offline']);
  });

  it('offline while retrying: the attempt count stays; online retries at once', async () => {
    const server = serverSession({ status: 503 }, { count: 1 });
    const feed = createFeed({ src: server.url, 'retry-interval': 10_000, 'retry-jitter': 0 });
    const retrying = await stateOf(feed, 'retrying');
    expect(retrying.attempt).to.equal(1);
    setOnline(false);
    const offline = await nextStatus(feed, (status) => status.error?.kind === 'offline');
    expect(offline.attempt).to.equal(1);
    expect(offline.state).to.equal('retrying');
    setOnline(true);
    await stateOf(feed, 'connected', 3000);
  });

  it('a feed attached while offline waits without requests until online', async () => {
    setOnline(false);
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    const status = await stateOf(feed, 'retrying');
    expect(status.error?.kind).to.equal('offline');
    await sleep(200);
    expect((await server.log()).requests).to.have.length(0);
    setOnline(true);
    await stateOf(feed, 'connected');
  });

  it('the failure after retry-max-count="2" consecutive retries: failed with the last error, fatal; three requests', async () => {
    const server = serverSession({ status: 500 }, { status: 500 }, { status: 502 });
    const feed = createFeed({ src: server.url, 'retry-max-count': 2, ...quick });
    const log = record(feed);
    const status = await stateOf(feed, 'failed', 5000);
    expect(status.error).to.include({ kind: 'http', status: 502, fatal: true });
    expect(status.attempt).to.equal(3);
    expect(status.retryMaxCount).to.equal(2);
    expect(log.errors.map((error) => [error.status, error.fatal])).to.deep.equal([
      [500, false],
      [500, false],
      [502, true],
    ]);
    await sleep(300);
    expect((await server.log()).requests).to.have.length(3);
  });

  it('none of these outcomes throws out of the element', async () => {
    const errors = watchGlobalErrors();
    const servers = [
      serverSession({ status: 204 }),
      serverSession({ status: 404 }),
      serverSession({ contentType: 'application/json' }),
      serverSession({ status: 500 }),
    ];
    const feeds = servers.map((server) => createFeed({ src: server.url, 'retry-max-count': 0 }));
    await Promise.all(feeds.map((feed) => nextStatus(feed, (status) => status.state === 'failed' || status.state === 'closed')));
    expect(errors).to.deep.equal([]);
  });
});

describe('<sse-feed> errors carry their data, so a page can word them itself', () => {
  it('http: status and the standard reason phrase; content-type: what was sent', async () => {
    const a = createFeed({ src: serverSession({ status: 503 }).url, ...quick, 'retry-interval': 5000 });
    const b = createFeed({ src: serverSession({ contentType: 'text/html' }).url });
    const [retrying, failed] = await Promise.all([stateOf(a, 'retrying'), stateOf(b, 'failed')]);
    expect(retrying.error).to.include({ kind: 'http', status: 503, statusText: 'Service Unavailable' });
    expect(failed.error).to.include({ kind: 'content-type', contentType: 'text/html' });
  });

  it('network: why (ended, lost, unreachable, invalid-url); stall: the timeout; too-large: the limit', async () => {
    const ended = createFeed({ src: serverSession({ count: 1, end: 'close' }).url, 'retry-interval': 5000 });
    const lost = createFeed({ src: serverSession({ count: 1, interval: 50, end: 'reset' }).url, 'retry-interval': 5000 });
    const unreachable = createFeed({ src: 'http://127.0.0.1:9/', 'retry-interval': 5000 });
    const invalid = createFeed({ src: 'ftp://example.com/' });
    const stalled = createFeed({ src: serverSession({ count: 1 }).url, 'stall-timeout': 300, 'retry-interval': 5000 });
    const large = createFeed({ src: serverSession({ raw: `data: ${'x'.repeat(200)}\n\n` }).url, 'max-message-size': 100 });
    const largeLog = record(large);
    const reasons = await Promise.all([ended, lost, unreachable].map((feed) => stateOf(feed, 'retrying')));
    expect(reasons.map((status) => status.error?.reason)).to.deep.equal(['ended', 'lost', 'unreachable']);
    expect((await stateOf(invalid, 'failed')).error).to.include({ kind: 'network', reason: 'invalid-url', fatal: true });
    expect((await stateOf(stalled, 'retrying', 5000)).error).to.include({ kind: 'stall', timeout: 300 });
    await until(() => largeLog.errors.length === 1, 3000, 'the too-large error');
    expect(largeLog.errors[0]).to.include({ kind: 'too-large', limit: 100 });
  });
});

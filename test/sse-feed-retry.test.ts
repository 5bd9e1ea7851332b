// <sse-feed> against the real SSE server: backoff as the server sees it, Last-Event-ID resumption,
// the eventsource transport, and exactly-once delivery over a stream that keeps dropping.

import { expect } from '@open-wc/testing';
import { FeedConnection } from '../components/core/feed-connection.js';
import type { FeedStatus } from '../components/core/types.js';
import { nextStatus, serverSession, stateOf, until } from './helpers.js';
import { createFeed, gaps, record, sleep, type FeedLog } from './sse-feed-helpers.js';

/** The `[attempt, retryDelay]` of every retrying status a feed logged, in order. */
function schedule(log: FeedLog): Array<[number, number | null]> {
  return log.states.filter((status) => status.state === 'retrying').map((status) => [status.attempt, status.retryDelay]);
}

/** Just the delays of that schedule. */
function delays(log: FeedLog): Array<number | null> {
  return schedule(log).map(([, delay]) => delay);
}

/**
 * Each gap, as the server saw it, is at least the scheduled delay: never early. The upper bound only
 * catches a retry that never came (a loaded 2-core machine stretches timers by seconds); the exact
 * arithmetic is tested on a fake clock in feed-connection.timing.test.ts.
 */
function expectGaps(actual: number[], delays: number[]): void {
  expect(actual).to.have.length(delays.length);
  actual.forEach((gap, index) => {
    expect(gap, `gap ${index + 1} of ${actual.join(', ')}`).to.be.at.least(delays[index] - 5);
    expect(gap, `gap ${index + 1} of ${actual.join(', ')}`).to.be.below(delays[index] + 5000);
  });
}

describe('<sse-feed> backoff', () => {
  it('waits retry-interval * retry-scaler^(n-1) between attempts: 100, 200, 400 ms', async () => {
    const server = serverSession({ status: 500 });
    const feed = createFeed({ src: server.url, 'retry-interval': 100, 'retry-scaler': 2, 'retry-jitter': 0, 'retry-max-count': 3 });
    const log = record(feed);
    await stateOf(feed, 'failed', 5000);
    expect(schedule(log)).to.deep.equal([
      [1, 100],
      [2, 200],
      [3, 400],
    ]);
    expectGaps(gaps((await server.log()).requests), [100, 200, 400]);
  });

  it('retry-max-wait caps one delay', async () => {
    const server = serverSession({ status: 503 });
    const feed = createFeed({
      src: server.url,
      'retry-interval': 100,
      'retry-scaler': 10,
      'retry-max-wait': 250,
      'retry-jitter': 0,
      'retry-max-count': 3,
    });
    const log = record(feed);
    await stateOf(feed, 'failed', 5000);
    expect(delays(log)).to.deep.equal([100, 250, 250]);
    expectGaps(gaps((await server.log()).requests), [100, 250, 250]);
  });

  it('retry-jitter draws each delay from [d * (1 - jitter), d]', async () => {
    const server = serverSession({ status: 500 });
    const feed = createFeed({ src: server.url, 'retry-interval': 200, 'retry-scaler': 1, 'retry-jitter': 0.5, 'retry-max-count': 4 });
    const log = record(feed);
    await stateOf(feed, 'failed', 5000);
    const drawn = delays(log);
    expect(drawn).to.have.length(4);
    for (const delay of drawn) expect(delay).to.be.within(100, 200);
  });

  it("the server's retry: field becomes the base", async () => {
    const server = serverSession({ retry: 300, end: 'close' }, { status: 500 });
    const feed = createFeed({ src: server.url, 'retry-interval': 50, 'retry-jitter': 0, 'retry-max-count': 2 });
    const log = record(feed);
    await stateOf(feed, 'failed', 5000);
    expect(delays(log)).to.deep.equal([300, 600]);
    expectGaps(gaps((await server.log()).requests), [300, 600]);
  });

  it('invalid retry: values are ignored and the interval stays the base', async () => {
    const server = serverSession({ raw: 'retry: abc\n\nretry: 12.5\n\nretry: -3\n\nretry:\n\nretry: 1e3\n\n', end: 'close' }, { status: 500 });
    const feed = createFeed({ src: server.url, 'retry-interval': 80, 'retry-jitter': 0, 'retry-max-count': 2 });
    const log = record(feed);
    await stateOf(feed, 'failed', 5000);
    expect(delays(log)).to.deep.equal([80, 160]);
  });

  it('the attempt count goes back to 0 once a connection delivers an event', async () => {
    const server = serverSession({ status: 500 }, { status: 500 }, { count: 1, end: 'close' }, { status: 500 });
    const feed = createFeed({ src: server.url, 'retry-interval': 60, 'retry-jitter': 0, 'retry-max-count': 10 });
    const log = record(feed);
    await until(async () => (await server.log()).requests.length >= 4, 5000, 'four requests');
    await nextStatus(feed, (status) => status.state === 'retrying' && status.error?.status === 500 && status.messages === 1);
    feed.remove();
    const attempts = log.states.map((status) => `${status.state}:${status.attempt}`);
    expect(attempts.slice(0, 7)).to.deep.equal([
      'retrying:1',
      'connecting:1',
      'retrying:2',
      'connecting:2',
      'connected:2',
      'connected:0',
      'retrying:1', // the stream ended: a fresh run of failures, so the first delay again
    ]);
    const afterReset = log.states[6];
    expect(afterReset.retryDelay).to.equal(60);
    // error explains retrying; a new attempt (connecting) and an open stream have none
    for (const status of log.states) {
      if (status.state === 'retrying') expect(status.error).to.not.equal(null);
      else expect(status.error, status.state).to.equal(null);
    }
  });

  it('a server that accepts and drops at once (no events) still backs off', async () => {
    const server = serverSession({ end: 'close' });
    const feed = createFeed({ src: server.url, 'retry-interval': 100, 'retry-jitter': 0, 'retry-max-count': 3 });
    const log = record(feed);
    await stateOf(feed, 'failed', 5000);
    expect(schedule(log)).to.deep.equal([
      [1, 100],
      [2, 200],
      [3, 400],
    ]);
    expect(log.states.filter((status) => status.state === 'connected')).to.have.length(4);
    expectGaps(gaps((await server.log()).requests), [100, 200, 400]);
  });

  it('retry-max-count="0" never retries', async () => {
    const failing = serverSession({ status: 500 });
    const dropping = serverSession({ count: 1, end: 'close' });
    const first = createFeed({ src: failing.url, 'retry-max-count': 0, 'retry-interval': 20 });
    const second = createFeed({ src: dropping.url, 'retry-max-count': 0, 'retry-interval': 20 });
    const [a, b] = await Promise.all([stateOf(first, 'failed'), stateOf(second, 'failed')]);
    expect(a.error).to.include({ kind: 'http', status: 500, fatal: true });
    expect(b.error).to.include({ kind: 'network', fatal: true });
    await sleep(200);
    expect((await failing.log()).requests).to.have.length(1);
    expect((await dropping.log()).requests).to.have.length(1);
  });

  it('retry-max-count="Infinity" keeps trying', async () => {
    const server = serverSession({ status: 500 });
    const feed = createFeed({ src: server.url, 'retry-max-count': 'Infinity', 'retry-interval': 5, 'retry-scaler': 1, 'retry-jitter': 0 });
    await until(async () => (await server.log()).requests.length >= 15, 5000, 'fifteen attempts');
    expect(feed.status.state).to.be.oneOf(['retrying', 'connecting']);
    expect(feed.status.retryMaxCount).to.equal(Infinity);
  });
});

describe('<sse-feed> Last-Event-ID', () => {
  it('is sent on every reconnect once an id was seen, and numbering resumes', async () => {
    const server = serverSession({ count: 3, end: 'close' }, { count: 2, end: 'close' }, { count: 2 });
    const feed = createFeed({ src: server.url, 'retry-interval': 20, 'retry-jitter': 0 });
    const log = record(feed);
    await until(() => log.messages.length === 7, 5000, 'seven messages');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['1', '2', '3', '4', '5', '6', '7']);
    expect(log.messages.map((message) => message.lastEventId)).to.deep.equal(['1', '2', '3', '4', '5', '6', '7']);
    const { requests } = await server.log();
    expect(requests.map((request) => request.headers['last-event-id'])).to.deep.equal([undefined, '3', '5']);
    expect(feed.status.lastEventId).to.equal('7');
  });

  it('is not sent while the last id is empty, and an id reset to empty stops it', async () => {
    const server = serverSession(
      { raw: 'data: no id\n\n', end: 'close' },
      { raw: 'id: 9\ndata: nine\n\nid\ndata: reset\n\n', end: 'close' },
      {},
    );
    const feed = createFeed({ src: server.url, 'retry-interval': 20, 'retry-jitter': 0 });
    await until(async () => (await server.log()).requests.length === 3, 5000, 'three requests');
    const { requests } = await server.log();
    expect(requests.map((request) => request.headers['last-event-id'])).to.deep.equal([undefined, undefined, undefined]);
    expect(feed.status.lastEventId).to.equal('');
  });

  it("the engine's lastEventId option resumes a new stream from that id (fetch and eventsource)", async () => {
    for (const transport of ['fetch', 'eventsource'] as const) {
      const server = serverSession({ count: 2 });
      const messages: string[] = [];
      const connection = new FeedConnection(
        { src: server.url, transport, lastEventId: '40' },
        { message: (message) => messages.push(message.data) },
      );
      expect(connection.status.lastEventId, 'the resume point before any message').to.equal('40');
      connection.connect();
      await until(() => messages.length === 2, 5000, `two messages over ${transport}`);
      expect(messages).to.deep.equal(['41', '42']);
      connection.close();
      const [request] = (await server.log()).requests;
      const sent = transport === 'fetch' ? request.headers['last-event-id'] : new URL(request.url, location.href).searchParams.get('lastEventId');
      expect(sent, transport).to.equal('40');
    }
  });
});

describe('<sse-feed transport="eventsource">', () => {
  it('connects and receives unnamed messages and those named in events', async () => {
    const server = serverSession({
      raw: 'data: plain\n\nevent: update\ndata: u\n\nevent: ignored\ndata: x\n\nevent: delete\nid: 4\ndata: d\n\ndata: last\n\n',
    });
    const feed = createFeed({ src: server.url, transport: 'eventsource', events: 'update  delete' });
    const log = record(feed);
    await stateOf(feed, 'connected');
    await until(() => log.messages.length === 4, 3000, 'four messages');
    await sleep(100);
    expect(log.messages.map((message) => [message.type, message.data, message.lastEventId])).to.deep.equal([
      ['message', 'plain', ''],
      ['update', 'u', ''],
      ['delete', 'd', '4'],
      ['message', 'last', '4'],
    ]);
    expect(log.messages[0].origin).to.equal(location.origin);
    expect(feed.status.messages).to.equal(4);
  });

  it('reconnects after the stream ends, passing lastEventId as a query parameter', async () => {
    const server = serverSession({ count: 3, end: 'close' }, { count: 2 });
    const feed = createFeed({ src: server.url, transport: 'eventsource', 'retry-interval': 20, 'retry-jitter': 0 });
    const log = record(feed);
    await until(() => log.messages.length === 5, 5000, 'five messages');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['1', '2', '3', '4', '5']);
    const { requests } = await server.log();
    expect(requests).to.have.length(2);
    expect(new URL(requests[0].url, location.origin).searchParams.has('lastEventId')).to.equal(false);
    expect(new URL(requests[1].url, location.origin).searchParams.get('lastEventId')).to.equal('3');
    expect(log.errors[0]).to.include({ kind: 'network', fatal: false });
  });

  it('keeps the last id across a reconnect whose messages carry no id', async () => {
    const server = serverSession({ count: 2, end: 'close' }, { raw: 'data: no id\n\n', end: 'close' }, {});
    const feed = createFeed({ src: server.url, transport: 'eventsource', 'retry-interval': 20, 'retry-jitter': 0 });
    const log = record(feed);
    await until(async () => (await server.log()).requests.length === 3, 5000, 'three requests');
    expect(log.messages.map((message) => [message.data, message.lastEventId])).to.deep.equal([
      ['1', '1'],
      ['2', '2'],
      ['no id', '2'],
    ]);
    const { requests } = await server.log();
    expect(new URL(requests[2].url, location.origin).searchParams.get('lastEventId')).to.equal('2');
  });

  it('every error is kind network, even an HTTP 500', async () => {
    const server = serverSession({ status: 500 });
    const feed = createFeed({ src: server.url, transport: 'eventsource', 'retry-max-count': 0 });
    const status = await stateOf(feed, 'failed');
    expect(status.error).to.include({ kind: 'network', fatal: true });
    expect(status.error?.status).to.equal(undefined);
  });
});

describe('<sse-feed> delivery', () => {
  it('1,000 events over a stream that drops after a random number each time arrive exactly once, in order', async function () {
    this.timeout(30_000);
    const server = serverSession({ dropRandom: [5, 60], total: 1000 });
    const feed = createFeed({ src: server.url, 'retry-interval': 5, 'retry-jitter': 0, 'retry-max-count': 'Infinity' });
    const log = record(feed);
    await until(() => log.messages.length >= 1000, 25_000, '1,000 messages');
    await sleep(200);
    const numbers = log.messages.map((message) => Number(message.data));
    expect(numbers).to.deep.equal(Array.from({ length: 1000 }, (_, index) => index + 1));
    expect(feed.status.messages).to.equal(1000);
    expect(feed.status.lastEventId).to.equal('1000');
    const { requests } = await server.log();
    expect(requests.length).to.be.greaterThan(10);
    const resumed = requests.slice(1).map((request) => Number(request.headers['last-event-id']));
    expect(resumed.every((id, index) => index === 0 || id > resumed[index - 1])).to.equal(true);
    const attempts = log.states.map((status: FeedStatus) => status.attempt);
    expect(Math.max(...attempts)).to.equal(1); // every drop follows delivered events: backoff never grows
  });
});

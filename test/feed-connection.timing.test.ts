// FeedConnection's timing on a fake world (clock, transport, network, visibility, storage): backoff,
// Retry-After, stall, stability, offline, pause, persistence and staleness, each in milliseconds of real
// time. The real-server tests cover the transports and the end-to-end outcomes.

import { expect } from '@open-wc/testing';
import { FeedConnection, loadPersistence } from '../components/core/feed-connection.js';
import type { FeedOptions } from '../components/core/options.js';
import { feedError, type FeedError, type FeedMessage, type FeedStatus } from '../components/core/types.js';
import { FakeWorld } from './fake-clock.js';

interface Harness {
  world: FakeWorld;
  feed: FeedConnection;
  statuses: FeedStatus[];
  errors: FeedError[];
  messages: FeedMessage[];
}

const SRC = 'https://stream.test/events';

function feedIn(options: Partial<FeedOptions> = {}, world = new FakeWorld()): Harness {
  const harness: Harness = { world, feed: undefined as unknown as FeedConnection, statuses: [], errors: [], messages: [] };
  harness.feed = new FeedConnection(
    { src: SRC, retryJitter: 0, ...options },
    {
      status: (status) => harness.statuses.push(status),
      error: (error) => harness.errors.push(error),
      message: (message) => harness.messages.push(message),
    },
    world,
  );
  return harness;
}

const http = (status: number): FeedError => feedError('http', `The server answered ${status}.`, false, { status });


describe('FeedConnection timing: backoff', () => {
  it('waits retry-interval * retry-scaler^(n-1): 100, 200, 400 ms, and not a millisecond less', () => {
    const { world, feed, statuses } = feedIn({ retryInterval: 100, retryScaler: 2 });
    feed.connect();
    for (const delay of [100, 200, 400]) {
      const attempts = world.attempts.length;
      world.attempt.fail();
      expect(feed.status).to.include({ state: 'retrying', retryDelay: delay, retryAt: world.time + delay });
      world.advance(delay - 1);
      expect(world.attempts, `still waiting ${delay - 1} ms in`).to.have.length(attempts);
      world.advance(1);
      expect(world.attempts, `a new attempt at ${delay} ms`).to.have.length(attempts + 1);
    }
    expect(statuses.filter((status) => status.state === 'retrying').map((status) => status.attempt)).to.deep.equal([1, 2, 3]);
    feed.close();
    expect(feed.pendingResources).to.equal(0);
  });

  it('retry-max-wait caps one delay; retry-max-count gives up after that many retries, fatal', () => {
    const { world, feed, errors } = feedIn({ retryInterval: 100, retryScaler: 10, retryMaxWait: 1500, retryMaxCount: 3 });
    feed.connect();
    const delays: (number | null)[] = [];
    for (let failure = 1; failure <= 3; failure++) {
      world.attempt.fail();
      delays.push(feed.status.retryDelay);
      world.advance(feed.status.retryDelay!);
    }
    expect(delays).to.deep.equal([100, 1000, 1500]);
    world.attempt.fail();
    expect(feed.status).to.include({ state: 'failed', retryDelay: null });
    expect(feed.status.error?.fatal).to.equal(true);
    expect(errors.map((error) => error.fatal)).to.deep.equal([false, false, false, true]);
    expect(world.attempts).to.have.length(4);
    expect(feed.pendingResources).to.equal(0);
  });

  it('retry-jitter draws each delay from [d * (1 - jitter), d]', () => {
    // The environment is read when the feed is made: the draw is set first.
    const lowWorld = new FakeWorld();
    lowWorld.random = () => 0.999_999;
    const low = feedIn({ retryInterval: 1000, retryJitter: 0.3 }, lowWorld);
    low.feed.connect();
    low.world.attempt.fail();
    expect(low.feed.status.retryDelay).to.equal(700);
    const highWorld = new FakeWorld();
    highWorld.random = () => 0;
    const high = feedIn({ retryInterval: 1000, retryJitter: 0.3 }, highWorld);
    high.feed.connect();
    high.world.attempt.fail();
    expect(high.feed.status.retryDelay).to.equal(1000);
    low.feed.close();
    high.feed.close();
  });

  it("a server's retry: lengthens the base, never shortens it", () => {
    const { world, feed } = feedIn({ retryInterval: 500 });
    feed.connect();
    world.attempt.open().send('retry: 50\n\n');
    world.attempt.fail();
    expect(feed.status.retryDelay, 'retry: 50 < 500').to.equal(500);
    world.advance(500);
    world.attempt.open().send('retry: 2000\n\n');
    world.attempt.fail();
    expect(feed.status.retryDelay, 'retry: 2000, the second failure').to.equal(4000);
    feed.close();
  });

  it('Retry-After makes the wait at least that long, honoured up to max(retry-max-wait, 5 min)', () => {
    const { world, feed } = feedIn({ retryInterval: 100 });
    feed.connect();
    world.attempt.fail(http(503), 4000);
    expect(feed.status.retryDelay).to.equal(4000);
    world.advance(4000);
    world.attempt.fail(http(503), 100_000_000);
    expect(feed.status.retryDelay, '27.8 h asked').to.equal(300_000);
    feed.close();
  });
});

describe('FeedConnection timing: stability', () => {
  it('the attempt count goes back to 0 once a connection stays open stableAfter ms, without an event', () => {
    const { world, feed } = feedIn({ retryInterval: 100 });
    feed.connect();
    world.attempt.fail();
    world.advance(100);
    world.attempt.fail();
    world.advance(200);
    world.attempt.open();
    expect(feed.status.attempt).to.equal(2);
    world.advance(world.stableAfter - 1);
    expect(feed.status.attempt).to.equal(2);
    world.advance(1);
    expect(feed.status.attempt).to.equal(0);
    world.attempt.fail();
    expect(feed.status.retryDelay, 'the backoff starts over').to.equal(100);
    feed.close();
  });

  it('an event resets the count at once; a connection that drops before either still backs off', () => {
    const { world, feed } = feedIn({ retryInterval: 100 });
    feed.connect();
    world.attempt.open();
    world.attempt.fail();
    world.advance(100);
    world.attempt.open();
    world.attempt.fail(); // accepted and dropped at once: attempt 2
    expect(feed.status).to.include({ attempt: 2, retryDelay: 200 });
    world.advance(200);
    world.attempt.open().send('data: hello\n\n');
    expect(feed.status.attempt).to.equal(0);
    feed.close();
  });
});

describe('FeedConnection timing: a run of messages', () => {
  it('counts each in status when read (no status told for them); the stale watch and the next request see the counts', () => {
    const world = new FakeWorld();
    const read: Array<[string, number, string]> = [];
    const statuses: FeedStatus[] = [];
    let reading = true;
    const feed: FeedConnection = new FeedConnection(
      { src: SRC, retryJitter: 0, retryInterval: 100, staleAfter: 1000 },
      {
        status: (status) => statuses.push(status),
        message: (message) => reading && read.push([message.data, feed.status.messages, feed.status.lastEventId]),
      },
      world,
    );
    feed.connect();
    world.attempt.open().send('id: 1\ndata: a\n\n');
    const told = statuses.length;
    world.advance(10);
    world.attempt.send('id: 2\ndata: b\n\nid: 3\ndata: c\n\n');
    expect(read, 'a listener finds its own message counted').to.deep.equal([
      ['a', 1, '1'],
      ['b', 2, '2'],
      ['c', 3, '3'],
    ]);
    expect(statuses, 'no status for a message alone').to.have.length(told);
    const status = feed.status;
    expect(status).to.include({ state: 'connected', messages: 3, lastEventId: '3', lastMessageAt: world.time });
    expect(feed.status, 'the same status until something changes').to.equal(status);
    // Messages nobody reads the status of: the feed's own timers and requests still count them.
    reading = false;
    world.advance(500);
    world.attempt.send('id: 4\ndata: d\n\nid: 5\ndata: e\n\n');
    expect(statuses, 'no status for a message alone').to.have.length(told);
    world.advance(999);
    expect(statuses.at(-1)?.stale, 'stale-after counts from the last message').to.equal(false);
    world.advance(1);
    expect(statuses.at(-1)).to.include({ stale: true, messages: 5, lastEventId: '5' });
    world.attempt.fail();
    world.advance(100);
    expect(world.attempt.request.lastEventId, 'the next request resumes after the last message').to.equal('5');
    feed.close();
  });
});

describe('FeedConnection timing: stall', () => {
  it('no bytes for stall-timeout ms is a failure of kind stall; bytes (comments too) keep it alive', () => {
    const { world, feed, errors } = feedIn({ stallTimeout: 1000, retryInterval: 100 });
    feed.connect();
    world.attempt.open();
    world.advance(900);
    world.attempt.send(': keep-alive\n\n');
    world.advance(900);
    expect(feed.status.state).to.equal('connected');
    world.advance(100);
    expect(feed.status.state).to.equal('retrying');
    expect(errors.at(-1)).to.include({ kind: 'stall', timeout: 1000 });
    expect(world.attempts[0].aborted, 'the stalled attempt is closed').to.equal(true);
    feed.close();
  });

  it('covers the wait for the response too', () => {
    const { world, feed } = feedIn({ stallTimeout: 1000 });
    feed.connect();
    world.advance(1000);
    expect(feed.status.error?.kind).to.equal('stall');
    feed.close();
  });
});

describe('FeedConnection timing: offline', () => {
  it('going offline: retrying, kind offline, no attempt spent, and a reconnect at once when online', () => {
    const { world, feed } = feedIn({ retryInterval: 5000 });
    feed.connect();
    world.attempt.open();
    world.setOffline(true);
    expect(feed.status).to.include({ state: 'retrying', attempt: 0, retryAt: null });
    expect(feed.status.error?.kind).to.equal('offline');
    world.advance(60_000);
    expect(world.attempts).to.have.length(1);
    world.setOffline(false);
    expect(world.attempts).to.have.length(2);
    expect(feed.status.state).to.equal('connecting');
    feed.close();
  });

  it('a Retry-After wait goes on through offline and online', () => {
    const { world, feed } = feedIn({ retryInterval: 100 });
    feed.connect();
    world.attempt.fail(http(503), 3000);
    world.advance(1000);
    world.setOffline(true);
    world.setOffline(false);
    expect(world.attempts).to.have.length(1);
    expect(feed.status).to.include({ state: 'retrying', retryDelay: 2000 });
    world.advance(2000);
    expect(world.attempts).to.have.length(2);
    feed.close();
  });
});

describe('FeedConnection timing: pause-when-hidden', () => {
  it('hidden: paused, the attempt closed; visible: a new attempt at once, resuming from the last id', () => {
    const { world, feed } = feedIn({ pauseWhenHidden: true });
    feed.connect();
    world.attempt.open().send('id: 7\ndata: x\n\n');
    world.setHidden(true);
    expect(feed.status.state).to.equal('paused');
    expect(world.attempts[0].aborted).to.equal(true);
    world.advance(60_000);
    world.setHidden(false);
    expect(world.attempts).to.have.length(2);
    expect(world.attempt.request.lastEventId).to.equal('7');
    feed.close();
  });

  it('a Retry-After wait is kept: showing the page ten times sends nothing before it ends', () => {
    const { world, feed } = feedIn({ pauseWhenHidden: true, retryInterval: 100 });
    feed.connect();
    world.attempt.fail(http(503), 4000);
    for (let i = 0; i < 10; i++) {
      world.setHidden(true);
      world.advance(100);
      world.setHidden(false);
      world.advance(100);
    }
    expect(world.attempts).to.have.length(1);
    world.advance(2000);
    expect(world.attempts).to.have.length(2);
    feed.close();
  });

  it('a feed started while hidden waits, paused, without an attempt', () => {
    const world = new FakeWorld();
    world.isHidden = true;
    const { feed } = feedIn({ pauseWhenHidden: true }, world);
    feed.connect();
    expect(feed.status.state).to.equal('paused');
    expect(world.attempts).to.have.length(0);
    feed.close();
  });
});

describe('FeedConnection timing: back/forward cache and freeze', () => {
  it('cached: paused, nothing held but the listeners, nothing told; back: a new attempt at once, resuming', () => {
    const { world, feed, errors } = feedIn({ stallTimeout: 3000, staleAfter: 2000 });
    feed.connect();
    world.attempt.open().send('id: 7\ndata: x\n\n');
    world.pageHide(true);
    expect(feed.status).to.include({ state: 'paused', attempt: 0, error: null });
    expect(world.attempts[0].aborted).to.equal(true);
    expect([feed.pendingResources, world.timers.size], 'the listeners alone; no timer').to.deep.equal([1, 0]);
    world.advance(600_000);
    expect(world.attempts).to.have.length(1);
    world.pageShow();
    expect(world.attempts).to.have.length(2);
    expect(world.attempt.request.lastEventId).to.equal('7');
    expect(errors).to.deep.equal([]);
    feed.close();
  });

  it('a retry scheduled when the page goes away becomes paused; back, one attempt at once, the count kept', () => {
    const { world, feed } = feedIn({ retryInterval: 100 });
    feed.connect();
    world.attempt.fail();
    world.pageHide(true);
    expect(feed.status).to.include({ state: 'paused', attempt: 1, retryAt: null });
    world.advance(10_000);
    expect(world.attempts).to.have.length(1);
    world.pageShow();
    expect(world.attempts).to.have.length(2);
    expect(feed.status).to.include({ state: 'connecting', attempt: 1 });
    feed.close();
  });

  it('frozen: paused, no timer; resumed: a new attempt at once; a hidden pause-when-hidden tab stays paused', () => {
    const { world, feed } = feedIn({ pauseWhenHidden: true });
    feed.connect();
    world.attempt.open();
    world.setFrozen(true);
    expect([feed.status.state, world.timers.size]).to.deep.equal(['paused', 0]);
    world.setFrozen(false);
    expect([feed.status.state, world.attempts.length]).to.deep.equal(['connecting', 2]);
    world.setHidden(true);
    world.setFrozen(true);
    world.setFrozen(false);
    expect([feed.status.state, world.attempts.length], 'still hidden').to.deep.equal(['paused', 2]);
    feed.close();
  });
});

describe('FeedConnection timing: persistence', () => {
  // A feed loads what persist needs the first time it has it, and waits for it: here it is loaded before.
  before(() => loadPersistence());

  it('a reload resumes the id and keeps waiting a pending retry; close() leaves nothing stored', () => {
    const world = new FakeWorld();
    const first = feedIn({ persist: true, retryInterval: 1000 }, world);
    first.feed.connect();
    first.world.attempt.open().send('id: 41\ndata: x\n\n');
    first.world.attempt.fail();
    world.advance(400);
    world.pageHide(); // a reload: no close()
    expect(world.storageArea.length).to.equal(1);
    const key = world.storageArea.key(0)!;
    expect(key).to.match(/^sse-feed:[0-9a-f]{32}$/);
    expect(world.storageArea.getItem(key)).to.not.contain('stream.test');

    // The reloaded page: a new world (its own timers) over the same tab's storage, at the same time.
    const page = new FakeWorld(world.storageArea, world.time);
    const second = feedIn({ persist: true, retryInterval: 1000 }, page);
    second.feed.connect();
    expect(second.feed.status).to.include({ state: 'retrying', attempt: 1, lastEventId: '41', retryDelay: 600 });
    expect(page.attempts).to.have.length(0);
    page.advance(599);
    expect(page.attempts).to.have.length(0);
    page.advance(1);
    expect(page.attempts).to.have.length(1);
    expect(page.attempt.request.lastEventId).to.equal('41');
    second.feed.close();
    expect(world.storageArea.length).to.equal(0);
  });
});

describe('FeedConnection timing: stale-after', () => {
  it('turns stale after stale-after ms without a message (comments do not count), fresh at the next one', () => {
    const { world, feed, statuses } = feedIn({ staleAfter: 1000 });
    feed.connect();
    world.attempt.open().send('data: 1\n\n');
    world.advance(999);
    world.attempt.send(': comment\n\n');
    expect(feed.status.stale).to.equal(false);
    world.advance(1);
    expect(feed.status.stale).to.equal(true);
    expect(statuses.at(-1)).to.include({ state: 'connected', stale: true });
    world.attempt.send('data: 2\n\n');
    expect(feed.status).to.include({ stale: false, lastMessageAt: world.time });
    expect(world.attempts, 'never reconnects').to.have.length(1);
    feed.close();
    expect(feed.status.stale).to.equal(false);
  });
});

describe('FeedConnection timing: nothing left behind', () => {
  it('close() in every state releases every timer, the signals and the attempt', () => {
    const states: Array<(harness: Harness) => void> = [
      ({ feed }) => feed.connect(),
      ({ feed, world }) => (feed.connect(), world.attempt.open()),
      ({ feed, world }) => (feed.connect(), world.attempt.fail()),
      ({ feed, world }) => (feed.connect(), world.setHidden(true)),
      ({ feed, world }) => (feed.connect(), world.setOffline(true)),
    ];
    for (const [index, reach] of states.entries()) {
      const harness = feedIn({ pauseWhenHidden: true, stallTimeout: 1000, staleAfter: 500 });
      reach(harness);
      expect(harness.feed.pendingResources, `state ${index}: holds something`).to.be.greaterThan(0);
      harness.feed.close();
      expect(harness.feed.pendingResources, `state ${index}: after close`).to.equal(0);
      expect(harness.world.timers.size, `state ${index}: timers`).to.equal(0);
      expect(harness.world.listening, `state ${index}: signals`).to.equal(false);
    }
  });
});

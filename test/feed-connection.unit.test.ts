// FeedConnection without a server: invalid and empty sources, close() and status snapshots, on a fake clock.

import { expect } from '@open-wc/testing';
import { FeedConnection } from '../components/core/feed-connection.js';
import type { FeedOptions } from '../components/core/options.js';
import type { FeedError, FeedStatus } from '../components/core/types.js';
import { FakeClock } from './fake-clock.js';

interface Harness {
  feed: FeedConnection;
  clock: FakeClock;
  statuses: FeedStatus[];
  errors: FeedError[];
  messages: number;
}

function harness(options: Partial<FeedOptions>): Harness {
  const clock = new FakeClock();
  const recorded: Harness = { feed: undefined as unknown as FeedConnection, clock, statuses: [], errors: [], messages: 0 };
  recorded.feed = new FeedConnection(
    options,
    {
      status: (status) => recorded.statuses.push(status),
      error: (error) => recorded.errors.push(error),
      message: () => (recorded.messages += 1),
    },
    clock,
  );
  return recorded;
}

describe('FeedConnection (unit): before anything starts', () => {
  it('starts idle with a fresh status', () => {
    const { feed } = harness({});
    expect(feed.status).to.deep.equal({
      state: 'idle',
      attempt: 0,
      retryMaxCount: 10,
      retryDelay: null,
      retryAt: null,
      lastEventId: '',
      error: null,
      messages: 0,
      stale: false,
      lastMessageAt: null,
      finished: false,
    });
    expect(feed.pendingResources).to.equal(0);
  });

  it('reports retryMaxCount from the options, Infinity included', () => {
    expect(harness({ retryMaxCount: 3 }).feed.status.retryMaxCount).to.equal(3);
    expect(harness({ retryMaxCount: Infinity }).feed.status.retryMaxCount).to.equal(Infinity);
  });

  it('gives a frozen status, the same object until something changes', () => {
    const { feed } = harness({});
    const first = feed.status;
    expect(Object.isFrozen(first)).to.equal(true);
    expect(feed.status).to.equal(first);
    feed.close();
    expect(feed.status).to.not.equal(first);
    expect(first.state).to.equal('idle');
  });
});

describe('FeedConnection (unit): empty src', () => {
  it('stays idle on connect(), holding nothing', () => {
    const { feed, clock, errors } = harness({ src: '' });
    expect(() => feed.connect()).to.not.throw();
    expect(feed.status.state).to.equal('idle');
    expect(feed.status.error).to.equal(null);
    expect(feed.pendingResources).to.equal(0);
    expect(clock.timers.size).to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('stays idle on reconnect()', () => {
    const { feed, clock } = harness({ src: '' });
    feed.reconnect();
    expect(feed.status.state).to.equal('idle');
    expect(feed.pendingResources).to.equal(0);
    expect(clock.timers.size).to.equal(0);
  });

  it('goes back to idle when src is emptied after a failure', () => {
    const { feed, clock } = harness({ src: 'ftp://x' });
    feed.connect();
    expect(feed.status.state).to.equal('failed');
    feed.update({ src: '' });
    expect(feed.status.state).to.equal('idle');
    expect(feed.status.error).to.equal(null);
    expect(feed.pendingResources).to.equal(0);
    expect(clock.timers.size).to.equal(0);
  });
});

describe('FeedConnection (unit): invalid src', () => {
  for (const src of ['http://[', 'ftp://x', 'ws://example.com/stream', 'javascript:void(0)', 'data:text/event-stream,data:%20x%0A%0A']) {
    it(`fails for good on ${JSON.stringify(src)}: kind network, fatal, no timers`, () => {
      const { feed, clock, statuses, errors } = harness({ src });
      expect(() => feed.connect()).to.not.throw();
      const { state, error, retryDelay, retryAt, attempt } = feed.status;
      expect(state).to.equal('failed');
      expect(error?.kind).to.equal('network');
      expect(error?.fatal).to.equal(true);
      expect(error?.message).to.be.a('string').and.contain(src);
      expect({ retryDelay, retryAt, attempt }).to.deep.equal({ retryDelay: null, retryAt: null, attempt: 0 });
      expect(feed.pendingResources).to.equal(0);
      expect(clock.timers.size).to.equal(0);
      expect(statuses.map((status) => status.state)).to.deep.equal(['failed']);
      // Error listeners hear of it as they would of a failed attempt.
      expect(errors).to.deep.equal([error]);
    });
  }

  it('resolves a relative src against baseURL before judging it', () => {
    const { feed } = harness({ src: 'stream', baseURL: 'ftp://files.example/' });
    feed.connect();
    expect(feed.status.state).to.equal('failed');
    expect(feed.status.error?.message).to.contain('stream');
  });

  it('never schedules a retry, however much time passes', () => {
    const { feed, clock, statuses } = harness({ src: 'http://[' });
    feed.connect();
    const count = statuses.length;
    clock.advance(10 * 60_000);
    expect(feed.status.state).to.equal('failed');
    expect(statuses.length).to.equal(count);
  });

  it('fails again on connect() and reconnect(), still holding nothing', () => {
    const { feed, clock } = harness({ src: 'ftp://x' });
    feed.connect();
    feed.connect();
    expect(feed.status.state).to.equal('failed');
    feed.reconnect();
    expect(feed.status.state).to.equal('failed');
    expect(feed.status.attempt).to.equal(0);
    expect(feed.pendingResources).to.equal(0);
    expect(clock.timers.size).to.equal(0);
  });

  it('judges a new invalid src given by update() on a failed feed', () => {
    const { feed } = harness({ src: 'ftp://x' });
    feed.connect();
    feed.update({ src: 'gopher://y' });
    expect(feed.status.state).to.equal('failed');
    expect(feed.status.error?.message).to.contain('gopher://y');
    expect(feed.pendingResources).to.equal(0);
  });

  it('does not connect on update() while idle', () => {
    const { feed, statuses } = harness({});
    feed.update({ src: 'ftp://x' });
    expect(feed.status.state).to.equal('idle');
    expect(statuses).to.deep.equal([]);
  });

  it('closes from failed: state closed, error cleared', () => {
    const { feed } = harness({ src: 'http://[' });
    feed.connect();
    feed.close();
    expect(feed.status.state).to.equal('closed');
    expect(feed.status.error).to.equal(null);
    expect(feed.pendingResources).to.equal(0);
  });
});

describe('FeedConnection (unit): close()', () => {
  it('closes an idle feed: state closed, nothing held, no error', () => {
    const { feed, clock, statuses, errors } = harness({ src: 'http://example.invalid/stream' });
    feed.close();
    expect(feed.status.state).to.equal('closed');
    expect(feed.status.error).to.equal(null);
    expect(feed.pendingResources).to.equal(0);
    expect(clock.timers.size).to.equal(0);
    expect(statuses.map((status) => status.state)).to.deep.equal(['closed']);
    expect(errors).to.deep.equal([]);
  });

  it('is harmless when called twice', () => {
    const { feed, statuses } = harness({});
    feed.close();
    expect(() => feed.close()).to.not.throw();
    expect(feed.status.state).to.equal('closed');
    expect(statuses.map((status) => status.state)).to.deep.equal(['closed']);
    expect(feed.pendingResources).to.equal(0);
  });

  it('lets an empty-src feed be closed and then stay idle on connect()', () => {
    const { feed } = harness({ src: '' });
    feed.close();
    feed.connect();
    expect(feed.status.state).to.equal('idle');
    expect(feed.pendingResources).to.equal(0);
  });
});

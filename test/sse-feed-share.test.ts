// <sse-feed share>: feeds with the same src and options share one connection in a document (`page`)
// or across same-origin tabs (`tabs`, simulated with same-origin iframes), against the real server.

import { expect } from '@open-wc/testing';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { serverSession, stateOf, until } from './helpers.js';
import { createFeed, record, sleep, track, watchGlobalErrors, watchResources, type FeedAttributes, type FeedLog } from './sse-feed-helpers.js';

type Server = ReturnType<typeof serverSession>;

const openStreams = async (server: Server): Promise<number> => (await server.log()).open;
const requestCount = async (server: Server): Promise<number> => (await server.log()).requests.length;
const data = (log: FeedLog): string[] => log.messages.map((message) => message.data);

/** How many feed locks are held or asked for, in every tab of this origin. */
async function lockRequests(): Promise<number> {
  const { held = [], pending = [] } = await navigator.locks.query();
  return [...held, ...pending].filter((lock) => lock.name?.startsWith('sse-feed:')).length;
}

/** `count` numbered events, `interval` ms apart; the stream then stays open. */
function slowStream(count: number, interval: number): Server {
  return serverSession({ count, interval });
}

/** Asserts `values` are consecutive integers: nothing lost, nothing repeated. */
function expectConsecutive(values: string[], what: string): void {
  const numbers = values.map(Number);
  const expected = numbers.map((_, index) => numbers[0] + index);
  expect(numbers, what).to.deep.equal(expected);
}

describe('<sse-feed share="page">', () => {
  it('three feeds with the same src make one request; all reach connected and get every message in order', async () => {
    const server = serverSession({ raw: ': hello\n\n', rawDelay: 300, count: 5, interval: 20 });
    const feeds = [1, 2, 3].map(() => createFeed({ src: server.url, share: 'page' }));
    const logs = feeds.map((feed) => record(feed));
    await Promise.all(feeds.map((feed) => stateOf(feed, 'connected')));
    await until(() => logs.every((log) => log.messages.length === 5), 5000, 'five messages each');
    for (const log of logs) {
      expect(data(log)).to.deep.equal(['1', '2', '3', '4', '5']);
      expect(log.states.map((status) => status.state)).to.deep.equal(['connected']); // joined in connectedCallback, before any listener
    }
    for (const feed of feeds) {
      expect(feed.status.messages).to.equal(5);
      expect(feed.status.lastEventId).to.equal('5');
      expect(feed.getAttribute('state')).to.equal('connected');
    }
    await sleep(200);
    expect(await requestCount(server)).to.equal(1);
    expect(await openStreams(server)).to.equal(1);
  });

  it('a feed with other options, or share="none", gets a connection of its own', async () => {
    const server = serverSession({ count: 1 });
    const shared = [createFeed({ src: server.url, share: 'page' }), createFeed({ src: server.url, share: 'page' })];
    await Promise.all(shared.map((feed) => stateOf(feed, 'connected')));
    const withHeader = createFeed({ src: server.url, share: 'page' }, { headers: { 'X-Topic': 'other' } });
    const unshared = createFeed({ src: server.url });
    const withRetry = createFeed({ src: server.url, share: 'page', 'retry-interval': 1234 });
    await Promise.all([withHeader, unshared, withRetry].map((feed) => stateOf(feed, 'connected')));
    await until(async () => (await openStreams(server)) === 4, 3000, 'four open streams');
    const { requests } = await server.log();
    expect(requests).to.have.length(4);
    expect(requests.filter((request) => request.headers['x-topic'] === 'other')).to.have.length(1);
  });

  it('headers in another order and a relative src share with the absolute one', async () => {
    const server = serverSession({ count: 1 });
    const first = createFeed({ src: server.url, share: 'page' }, { headers: { 'X-A': '1', 'X-B': '2' } });
    const second = createFeed({ src: new URL(server.url, location.href).href, share: 'page' }, { headers: { 'x-b': '2', 'X-A': '1' } });
    await Promise.all([first, second].map((feed) => stateOf(feed, 'connected')));
    await sleep(200);
    expect(await requestCount(server)).to.equal(1);
  });

  it('a non-string body is never shared: each such feed has its own connection', async () => {
    const server = serverSession({ count: 1 });
    const body = (): FormData => {
      const form = new FormData();
      form.set('topic', 'news');
      return form;
    };
    const feeds = [1, 2].map(() => createFeed({ src: server.url, share: 'page', method: 'POST' }, { body: body() }));
    await Promise.all(feeds.map((feed) => stateOf(feed, 'connected')));
    await until(async () => (await openStreams(server)) === 2, 3000, 'two open streams');
    expect(await requestCount(server)).to.equal(2);
  });

  it('removing feeds: the stream stays open while one is left, and closes with the last, leaving nothing behind', async () => {
    const resources = watchResources();
    const server = serverSession({ count: 1, comments: 100 });
    const feeds = [1, 2, 3].map(() => createFeed({ src: server.url, share: 'page', 'stall-timeout': 2000 }));
    await Promise.all(feeds.map((feed) => stateOf(feed, 'connected')));
    expect(resources.timers()).to.be.at.least(1);
    feeds[0].remove();
    feeds[1].remove();
    await Promise.resolve(); // removal closes a microtask later (a move keeps the stream)
    expect(feeds[0].status.state).to.equal('closed');
    expect(feeds[1].getAttribute('state')).to.equal('closed');
    expect(feeds[2].status.state).to.equal('connected');
    await sleep(300);
    expect(await openStreams(server)).to.equal(1);
    expect(resources.listeners()).to.include('window:online');
    feeds[2].remove();
    await Promise.resolve(); // removal closes a microtask later (a move keeps the stream)
    expect(feeds[2].status.state).to.equal('closed');
    expect(resources.timers(), 'pending timers').to.equal(0);
    expect(resources.listeners(), 'global listeners').to.deep.equal([]);
    await until(async () => (await openStreams(server)) === 0, 3000, 'no open stream');
    await sleep(300);
    expect(await requestCount(server)).to.equal(1);
    resources.uninstall();
  });

  it('close() on one feed closes it alone; the others stay connected and keep receiving', async () => {
    const server = slowStream(1000, 60);
    const [closing, ...staying] = [1, 2, 3].map(() => createFeed({ src: server.url, share: 'page' }));
    const closingLog = record(closing);
    const stayingLogs = staying.map((feed) => record(feed));
    await until(() => closingLog.messages.length >= 2, 5000, 'two messages');
    const marks = [closingLog, ...stayingLogs].map((log) => log.states.length);
    closing.close();
    expect(closingLog.states.slice(marks[0]).map((status) => status.state)).to.deep.equal(['closed']);
    expect(closing.status.state).to.equal('closed');
    const received = closingLog.messages.length;
    const before = stayingLogs[0].messages.length;
    await until(() => stayingLogs.every((log) => log.messages.length >= before + 3), 5000, 'more messages for the others');
    expect(closingLog.messages).to.have.length(received);
    for (const [index, feed] of staying.entries()) {
      expect(feed.status.state).to.equal('connected');
      expect(stayingLogs[index].states.slice(marks[index + 1]), 'no sse-state for the others').to.deep.equal([]);
    }
    expect(await requestCount(server)).to.equal(1);
    expect(await openStreams(server)).to.equal(1);
    closing.connect(); // and it can join again
    expect(closing.status.state).to.equal('connected');
    await sleep(100);
    expect(await requestCount(server)).to.equal(1);
  });

  it('reconnect() on one feed reconnects the shared connection once, resuming with Last-Event-ID', async () => {
    const server = serverSession({ count: 2 });
    const feeds = [1, 2, 3].map(() => createFeed({ src: server.url, share: 'page' }));
    const logs = feeds.map((feed) => record(feed));
    await until(() => feeds.every((feed) => feed.status.lastEventId === '2'), 3000, 'two messages each');
    const marks = logs.map((log) => log.states.length);
    feeds[1].reconnect();
    await until(async () => (await requestCount(server)) === 2, 3000, 'the new request');
    await until(() => logs.every((log) => log.messages.length === 4), 3000, 'two more messages each');
    const { requests } = await server.log();
    expect(requests[1].headers['last-event-id']).to.equal('2');
    for (const [index, log] of logs.entries()) {
      expect(data(log)).to.deep.equal(['1', '2', '3', '4']);
      expect(log.states.slice(marks[index]).map((status) => status.state)).to.deep.equal(['connecting', 'connected']);
    }
    await sleep(300);
    expect(await requestCount(server)).to.equal(2);
    expect(await openStreams(server)).to.equal(1);
  });

  it('a failure is seen by every feed, with the same attempt counts', async () => {
    const server = serverSession({ status: 503 }, { status: 503 }, { count: 1 });
    const feeds = [1, 2, 3].map(() => createFeed({ src: server.url, share: 'page', 'retry-interval': 50, 'retry-jitter': 0 }));
    const logs = feeds.map((feed) => record(feed));
    await until(() => logs.every((log) => log.messages.length === 1), 5000, 'the message after the failures');
    const summary = (log: FeedLog): unknown[] => log.states.map((status) => [status.state, status.attempt, status.error?.status ?? null]);
    expect(summary(logs[0])).to.deep.equal([
      ['retrying', 1, 503],
      ['connecting', 1, null],
      ['retrying', 2, 503],
      ['connecting', 2, null],
      ['connected', 2, null],
      ['connected', 0, null],
    ]);
    for (const log of logs) {
      expect(summary(log)).to.deep.equal(summary(logs[0]));
      expect(log.errors.map((error) => [error.kind, error.status])).to.deep.equal([
        ['http', 503],
        ['http', 503],
      ]);
    }
    expect(await requestCount(server)).to.equal(3);
  });

  it('a feed joining late sees the current state at once, then the following messages', async () => {
    const server = slowStream(1000, 80);
    const first = createFeed({ src: server.url, share: 'page' });
    const firstLog = record(first);
    await until(() => firstLog.messages.length >= 3, 5000, 'three messages');
    const late = createFeed({ src: server.url, share: 'page' }, {}, false);
    const lateLog = record(late);
    document.body.append(late);
    expect(late.status.state).to.equal('connected');
    expect(late.status.messages).to.equal(0);
    expect(lateLog.states.map((status) => status.state)).to.deep.equal(['connected']);
    const joinedAt = firstLog.messages.length;
    await until(() => lateLog.messages.length >= 4, 5000, 'four messages for the late feed');
    expect(data(lateLog)).to.deep.equal(data(firstLog).slice(joinedAt, joinedAt + lateLog.messages.length));
    expect(late.status.messages).to.equal(lateLog.messages.length);
    expect(first.status.messages).to.equal(firstLog.messages.length);
    expect(await requestCount(server)).to.equal(1);
  });

  it('changing an option moves a feed to another connection; changing it back rejoins', async () => {
    const server = serverSession({ count: 1 });
    const feeds = [1, 2].map(() => createFeed({ src: server.url, share: 'page' }));
    await Promise.all(feeds.map((feed) => stateOf(feed, 'connected')));
    const log = record(feeds[1]);
    feeds[1].headers = { 'X-Topic': 'other' };
    await until(async () => (await requestCount(server)) === 2, 3000, 'its own request');
    await until(async () => (await openStreams(server)) === 2, 3000, 'two open streams');
    expect(log.states.map((status) => status.state)).to.not.include('closed');
    feeds[1].headers = {};
    await until(async () => (await openStreams(server)) === 1, 3000, 'one open stream again');
    await stateOf(feeds[1], 'connected');
    expect(await requestCount(server)).to.equal(2);
    expect(feeds[0].status.state).to.equal('connected');
  });
});

describe('<sse-feed share> switched at runtime', () => {
  it('none → page joins the shared connection; page → none leaves it for a connection of its own', async () => {
    const server = slowStream(1000, 60);
    const shared = createFeed({ src: server.url, share: 'page' });
    const switching = createFeed({ src: server.url });
    await Promise.all([shared, switching].map((feed) => stateOf(feed, 'connected')));
    await until(async () => (await openStreams(server)) === 2, 3000, 'two open streams');
    const log = record(switching);
    const sharedLog = record(shared);

    switching.share = 'page';
    await until(async () => (await openStreams(server)) === 1, 3000, 'its own stream to close');
    const received = log.messages.length;
    await until(() => log.messages.length >= received + 3, 5000, 'messages from the shared stream');
    expect(await requestCount(server)).to.equal(2);
    expect(switching.status.state).to.equal('connected');
    expect(log.states.map((status) => status.state)).to.not.include('closed');
    const tail = data(log).slice(-3);
    expect(data(sharedLog)).to.include.members(tail);

    switching.share = 'none';
    await until(async () => (await requestCount(server)) === 3, 3000, 'a request of its own');
    await until(async () => (await openStreams(server)) === 2, 3000, 'two open streams again');
    await stateOf(switching, 'connected');
    expect(shared.status.state).to.equal('connected');
    expect(sharedLog.states).to.deep.equal([]);
  });

  it('a closed feed switched to page stays closed until connect()', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'connected');
    feed.close();
    const log = record(feed);
    feed.share = 'page';
    await feed.updateComplete;
    await sleep(100);
    expect(feed.status.state).to.equal('closed');
    expect(feed.getAttribute('state')).to.equal('closed');
    expect(log.states, 'nothing changed that a listener could see').to.deep.equal([]);
    expect(await requestCount(server)).to.equal(1);
    feed.connect();
    await stateOf(feed, 'connected');
    expect(await requestCount(server)).to.equal(2);
  });
});

// ---- tabs ------------------------------------------------------------------------------------

interface Tab {
  frame: HTMLIFrameElement;
  feed(attributes: FeedAttributes): SseFeed;
}

/** A same-origin iframe that loads the element in its own realm: a tab as far as sharing can tell. */
async function openTab(): Promise<Tab> {
  const frame = track(document.createElement('iframe'));
  frame.srcdoc = `<!doctype html><title>tab</title><script type="module">import '/components/sse-feed/define.ts';</script>`;
  document.body.append(frame);
  await until(() => frame.contentWindow?.customElements.get('sse-feed') !== undefined, 10_000, 'the tab to load the element');
  return {
    frame,
    feed(attributes) {
      const tabDocument = frame.contentDocument;
      if (!tabDocument) throw new Error('the tab has no document');
      const feed = tabDocument.createElement('sse-feed');
      for (const [name, value] of Object.entries(attributes)) {
        if (value !== false) feed.setAttribute(name, value === true ? '' : String(value));
      }
      tabDocument.body.append(feed);
      return feed;
    },
  };
}

describe('<sse-feed share="tabs">', () => {
  it('three tabs make one request and all get every message; when the leading tab closes another takes over, resuming with Last-Event-ID', async function () {
    this.timeout(30_000);
    const errors = watchGlobalErrors();
    const server = serverSession({ raw: ': hello\n\n', rawDelay: 600, count: 1000, interval: 60 });
    const src = new URL(server.url, location.href).href;
    const [tabA, tabB] = await Promise.all([openTab(), openTab()]);
    const leader = tabA.feed({ src, share: 'tabs' });
    const leaderLog = record(leader);
    await stateOf(leader, 'connected');
    const follower = tabB.feed({ src, share: 'tabs' });
    const here = createFeed({ src, share: 'tabs' }); // the test page is the third tab
    const followerLog = record(follower);
    const hereLog = record(here);
    await Promise.all([follower, here].map((feed) => stateOf(feed, 'connected')));
    await until(() => [leaderLog, followerLog, hereLog].every((log) => log.messages.length >= 5), 10_000, 'five messages in every tab');
    expect(await requestCount(server)).to.equal(1);
    expect(await openStreams(server)).to.equal(1);
    expect(data(leaderLog).slice(0, 5)).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(data(followerLog).slice(0, 5)).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(data(hereLog).slice(0, 5)).to.deep.equal(['1', '2', '3', '4', '5']);

    tabA.frame.remove(); // the leading tab goes away
    await until(async () => (await requestCount(server)) === 2, 10_000, 'the new leader to connect');
    const resumedAt = Number((await server.log()).requests[1].headers['last-event-id']);
    expect(resumedAt).to.be.at.least(5);
    const target = resumedAt + 5;
    await until(
      () => [followerLog, hereLog].every((log) => Number(log.messages.at(-1)?.data) >= target),
      10_000,
      'five messages after the handover in both remaining tabs',
    );
    // Either of the two may lead now: a tab asks for the lock once its sharing code has loaded.
    for (const [log, what] of [
      [followerLog, 'tab B'],
      [hereLog, 'this page'],
    ] as const) {
      expect(data(log)[0], what).to.equal('1');
      expectConsecutive(data(log), `${what}: every message once, in order, across the handover`);
    }
    expect(await openStreams(server)).to.equal(1);
    expect(await requestCount(server)).to.equal(2);
    expect(follower.status.state).to.equal('connected');
    expect(here.status.state).to.equal('connected');
    expect(here.status.messages).to.equal(hereLog.messages.length);
    expect(errors).to.deep.equal([]);
  });

  it("a follower's reconnect() reaches the leader; removing the leader's element hands over to the follower", async function () {
    this.timeout(30_000);
    const server = slowStream(1000, 60);
    const src = new URL(server.url, location.href).href;
    const tab = await openTab();
    const leader = tab.feed({ src, share: 'tabs' });
    await stateOf(leader, 'connected');
    const follower = createFeed({ src, share: 'tabs' });
    const followerLog = record(follower);
    await until(() => followerLog.messages.length >= 3, 10_000, 'three messages for the follower');
    expect(await requestCount(server)).to.equal(1);

    follower.reconnect();
    await until(async () => (await requestCount(server)) === 2, 10_000, 'the leader to reconnect');
    const { requests } = await server.log();
    expect(Number(requests[1].headers['last-event-id'])).to.be.at.least(3);
    await until(() => followerLog.states.some((status) => status.state === 'connecting'), 5000, 'the follower to see connecting');
    await stateOf(follower, 'connected');
    await until(async () => (await openStreams(server)) === 1, 5000, 'one open stream');

    const before = followerLog.messages.length;
    leader.remove(); // the leading tab's only feed leaves: the lock passes on
    await Promise.resolve(); // removal closes a microtask later (a move keeps the stream)
    expect(leader.status.state).to.equal('closed');
    await until(async () => (await requestCount(server)) === 3, 10_000, 'the follower to take over');
    await until(() => followerLog.messages.length >= before + 5, 10_000, 'messages from its own connection');
    expectConsecutive(data(followerLog), 'every message once, in order');
    expect(follower.status.state).to.equal('connected');
    expect(followerLog.states.map((status) => status.state)).to.not.include('closed');
    await until(async () => (await openStreams(server)) === 1, 5000, 'one open stream');

    follower.remove();
    await until(async () => (await openStreams(server)) === 0, 5000, 'no open stream');
  });

  it('repeated hand-overs at 2000 messages/s never deliver a message twice or lose one, in any tab', async function () {
    this.timeout(60_000);
    const errors = watchGlobalErrors();
    // The first connection sends a comment, then nothing, while every tab joins; the second sends 2000
    // numbered messages a second (10 every 5 ms), for as long as the test runs.
    const server = serverSession({ raw: ': waiting\n\n' }, { count: 200_000, perTick: 10, interval: 5 });
    const src = new URL(server.url, location.href).href;
    const tabs = await Promise.all([openTab(), openTab(), openTab(), openTab()]);
    // A tab asks for the lock once its own copy of the sharing code has loaded, which may be in any order:
    // each feed waits until the one before it is in the lock's queue, so the lock passes on in the tabs' order.
    const queued = await lockRequests();
    const feeds: SseFeed[] = [];
    const logs: FeedLog[] = [];
    for (const tab of [...tabs, null]) {
      // This page joins last, so it leads last: it sees every hand-over.
      const feed = tab ? tab.feed({ src, share: 'tabs' }) : createFeed({ src, share: 'tabs' });
      feeds.push(feed);
      logs.push(record(feed));
      await until(async () => (await lockRequests()) === queued + feeds.length, 10_000, `tab ${feeds.length} in the lock's queue`);
    }
    const here = feeds[4];
    const hereLog = logs[4];
    await stateOf(feeds[0], 'connected');
    feeds[0].reconnect(); // now the messages start
    await until(() => hereLog.messages.length >= 200, 10_000, 'messages here');
    for (let leader = 0; leader < 3; leader++) {
      const requests = await requestCount(server);
      await sleep(150 + 100 * leader); // leave mid-burst, at a different point each time
      tabs[leader].frame.remove();
      await until(async () => (await requestCount(server)) === requests + 1, 10_000, `hand-over ${leader + 1}`);
      const reached = Number(hereLog.messages.at(-1)?.data) + 400;
      await until(() => Number(hereLog.messages.at(-1)?.data) >= reached, 10_000, `messages after hand-over ${leader + 1}`);
    }
    const { requests } = await server.log();
    expect(requests).to.have.length(5);
    expect(requests.slice(2).every((request) => Number(request.headers['last-event-id']) > 0), 'every new leader resumes').to.equal(true);
    for (const [index, log] of logs.entries()) {
      const what = index === 4 ? 'this tab, through three hand-overs' : `tab ${index + 1}`;
      expect(data(log)[0], what).to.equal('1');
      expectConsecutive(data(log), what);
    }
    expect(here.status.messages).to.equal(hereLog.messages.length);
    expect(errors).to.deep.equal([]);
  });

  it('a follower drops messages a new leader sends again (resuming from an older id), and takes a new run whole', async function () {
    this.timeout(20_000);
    const server = slowStream(1000, 40);
    const src = new URL(server.url, location.href).href;
    const tab = await openTab();
    const leader = tab.feed({ src, share: 'tabs' });
    await stateOf(leader, 'connected');
    // The channel's name is the lock's: listen to the leader's relays as any tab of the origin can.
    const before = new Set(((await navigator.locks.query()).held ?? []).map((lock) => lock.name));
    const follower = createFeed({ src, share: 'tabs' });
    const log = record(follower);
    await until(() => log.messages.length >= 3, 10_000, 'messages for the follower');
    const lockName = ((await navigator.locks.query()).held ?? []).map((lock) => lock.name ?? '').find((name) => name.startsWith('sse-feed:'));
    expect(lockName, `a lock besides ${[...before].join(', ')}`).to.be.a('string');
    const channel = new BroadcastChannel(lockName!);
    const relays: Array<{ kind: string; message?: { data: string }; at?: { run: string; seq: number } }> = [];
    channel.onmessage = (event) => relays.push(event.data);
    try {
      await until(() => relays.filter((relay) => relay.kind === 'message').length >= 5, 10_000, 'relays to replay');
      const replayed = relays.filter((relay) => relay.kind === 'message').slice(0, 5);
      const count = log.messages.length;
      for (const relay of replayed) channel.postMessage(relay);
      await sleep(300);
      const dataSeen = data(log);
      expectConsecutive(dataSeen, 'nothing delivered twice');
      expect(dataSeen.length).to.be.at.least(count);
      // The same messages as a new run (a leader that could not resume) are new to the follower.
      const fresh = { ...replayed[0], at: { run: 'a-new-run', seq: 1 } };
      channel.postMessage(fresh);
      await until(() => log.messages.some((message, index) => index > 0 && Number(message.data) < Number(log.messages[index - 1].data)), 3000, 'the new run to be taken');
    } finally {
      channel.close();
    }
  });

  it('feeds in one tab share like page: one lock request and one connection per key per document', async function () {
    this.timeout(15_000);
    const resources = watchResources();
    const server = serverSession({ count: 2 });
    const lockNames = async (): Promise<string[]> => ((await navigator.locks.query()).held ?? []).map((lock) => lock.name ?? '');
    const before = new Set(await lockNames());
    const feeds = [1, 2].map(() => createFeed({ src: server.url, share: 'tabs' }));
    const logs = feeds.map((feed) => record(feed));
    await until(() => logs.every((log) => log.messages.length === 2), 10_000, 'two messages each');
    expect(await requestCount(server)).to.equal(1);
    const ours = (await lockNames()).filter((name) => !before.has(name));
    expect(ours).to.have.length(1);
    for (const feed of feeds) feed.remove();
    await Promise.resolve(); // removal closes a microtask later (a move keeps the stream)
    expect(resources.timers(), 'pending timers').to.equal(0);
    expect(resources.listeners(), 'global listeners').to.deep.equal([]);
    await until(async () => (await openStreams(server)) === 0, 5000, 'no open stream');
    await until(async () => !(await lockNames()).includes(ours[0]), 5000, 'the lock to be released');
    resources.uninstall();
  });
});

// Replay gaps: `sse-gap` from a resumed response's Last-Event-ID header and from a `gap-event` message, against
// the test server's Mercure-style hub (bounded history) and its scripted streams.

import { expect } from '@open-wc/testing';
import { FeedConnection } from '../components/core/feed-connection.js';
import type { FeedGap } from '../components/core/types.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { serverSession, stateOf, until } from './helpers.js';
import { hubSession, type HubState } from './server-routes.js';
import { createFeed, crossOrigin, sleep, track, watchGlobalErrors, type FeedAttributes } from './sse-feed-helpers.js';

type Hub = ReturnType<typeof hubSession>;

/** What a feed dispatched, in one order: `message <data>` and `gap <reason>`, and each gap's detail. */
interface Timeline {
  entries: string[];
  gaps: FeedGap[];
}

function timeline(feed: EventTarget): Timeline {
  const log: Timeline = { entries: [], gaps: [] };
  feed.addEventListener('sse-message', (event) => log.entries.push(`message ${(event as CustomEvent<{ data: string }>).detail.data}`));
  feed.addEventListener('sse-gap', (event) => {
    const { detail } = event as CustomEvent<FeedGap>;
    log.gaps.push(detail);
    log.entries.push(`gap ${detail.reason}`);
  });
  return log;
}

const messageCount = (log: Timeline): number => log.entries.filter((entry) => entry.startsWith('message')).length;

/** A feed on the hub that quickly retries, with its timeline; resolves once it is subscribed. */
async function hubFeed(hub: Hub, attributes: FeedAttributes = {}, src = hub.url): Promise<{ feed: SseFeed; log: Timeline }> {
  const feed = createFeed({ src, 'retry-interval': 50, 'retry-jitter': 0, 'retry-max-count': 100, ...attributes });
  const log = timeline(feed);
  await stateOf(feed, 'connected');
  await until(async () => (await hub.state()).open === 1, 5000, 'the subscription');
  return { feed, log };
}

/** Publishes `values` and waits until `log` holds `total` messages. */
async function publish(hub: Hub, log: Timeline, total: number, ...values: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const value of values) ids.push((await hub.publish(value)).id);
  await until(() => messageCount(log) >= total, 5000, `${total} messages`);
  return ids;
}

/** The hub forgets everything, breaks the subscription and holds one new event `value`; then `log` has `total` messages. */
async function forgetAndReplay(hub: Hub, log: Timeline, total: number, value: string): Promise<void> {
  await hub.trim(0);
  await hub.drop(); // the feed waits before it resumes: time to publish what it must get replayed
  await hub.publish(value);
  await until(() => messageCount(log) >= total, 5000, 'the replay');
}

describe('sse-gap from the Last-Event-ID response header (fetch transport)', () => {
  it('a hub that no longer holds the id sent answers earliest: one sse-gap, before the first replayed message', async () => {
    const errors = watchGlobalErrors();
    const hub = hubSession();
    const { feed, log } = await hubFeed(hub, { 'retry-interval': 400 });
    const [, second] = await publish(hub, log, 2, 'a', 'b');
    await forgetAndReplay(hub, log, 3, 'c');
    await sleep(100);
    expect(log.entries).to.deep.equal(['message a', 'message b', 'gap header', 'message c']);
    expect(log.gaps).to.deep.equal([{ requested: second, resumedFrom: 'earliest', reason: 'header' }]);
    const { subscriptions } = await hub.state();
    expect(subscriptions.map((subscription) => subscription.requested)).to.deep.equal([null, second]);
    expect(feed.status.state).to.equal('connected');
    expect(errors).to.deep.equal([]);
  });

  it('the event bubbles out of shadow roots and is typed on the element', async () => {
    const hub = hubSession();
    const host = track(document.createElement('div'));
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const feed = document.createElement('sse-feed');
    feed.setAttribute('retry-interval', '50');
    feed.src = hub.url;
    root.append(feed);
    const seen: Array<{ requested: string; composed: boolean; bubbles: boolean }> = [];
    host.addEventListener('sse-gap', (event) => seen.push({ requested: event.detail.requested, composed: event.composed, bubbles: event.bubbles }));
    await stateOf(feed, 'connected');
    await until(async () => (await hub.state()).open === 1, 5000, 'the subscription');
    const { id } = await hub.publish('a');
    await until(() => feed.status.lastEventId === id, 5000, 'the message');
    await hub.trim(0);
    await hub.drop();
    await until(() => seen.length === 1, 5000, 'the gap outside the shadow root');
    expect(seen).to.deep.equal([{ requested: id, composed: true, bubbles: true }]);
  });

  it('a hub that still holds the id answers it back: no gap, the replay goes on', async () => {
    const hub = hubSession();
    const { log } = await hubFeed(hub, { 'retry-interval': 400 });
    const [, second] = await publish(hub, log, 2, 'a', 'b');
    await hub.drop();
    await hub.publish('c');
    await until(() => messageCount(log) >= 3, 5000, 'the replayed message');
    await sleep(100);
    const { subscriptions } = await hub.state();
    expect(subscriptions[1], 'the hub answered the id sent').to.include({ requested: second, resumedFrom: second });
    expect(log.entries).to.deep.equal(['message a', 'message b', 'message c']);
  });

  it('a server that sends no Last-Event-ID header: no gap', async () => {
    const server = serverSession({ count: 2, end: 'close' }, { count: 2 });
    const feed = createFeed({ src: server.url, 'retry-interval': 50, 'retry-jitter': 0 });
    const log = timeline(feed);
    await until(() => messageCount(log) >= 4, 5000, 'four messages over two responses');
    await sleep(100);
    const { requests } = await server.log();
    expect(requests[1].headers['last-event-id'], 'the second request resumed').to.equal('2');
    expect(log.entries).to.deep.equal(['message 1', 'message 2', 'message 3', 'message 4']);
  });

  it('a first request, with no id to resume from, reports no gap whatever the header says', async () => {
    const server = serverSession({ headers: { 'Last-Event-ID': 'earliest' }, count: 1 });
    const feed = createFeed({ src: server.url });
    const log = timeline(feed);
    await until(() => messageCount(log) >= 1, 5000, 'the message');
    await sleep(100);
    expect(log.entries).to.deep.equal(['message 1']);
  });

  it('a resume in the query string (last-event-id-param="lastEventID"): the same gap', async () => {
    const hub = hubSession();
    const { log } = await hubFeed(hub, { 'last-event-id-param': 'lastEventID', 'retry-interval': 400 });
    const [first] = await publish(hub, log, 1, 'a');
    await forgetAndReplay(hub, log, 2, 'b');
    expect(log.entries).to.deep.equal(['message a', 'gap header', 'message b']);
    expect(log.gaps).to.deep.equal([{ requested: first, resumedFrom: 'earliest', reason: 'header' }]);
  });

  it('cross-origin, from a hub that exposes the header (Access-Control-Expose-Headers): the gap is seen', async () => {
    const hub = hubSession();
    const { log } = await hubFeed(hub, { 'last-event-id-param': 'lastEventID' }, crossOrigin(hub.url));
    const [first] = await publish(hub, log, 1, 'a');
    await hub.trim(0);
    await hub.drop();
    await until(() => log.gaps.length === 1, 5000, 'the gap');
    expect(log.gaps).to.deep.equal([{ requested: first, resumedFrom: 'earliest', reason: 'header' }]);
  });

  it('a long outage (the hub down, its history gone meanwhile): exactly one sse-gap, then every held event', async function () {
    this.timeout(15_000);
    const hub = hubSession();
    const { feed, log } = await hubFeed(hub);
    const [first] = await publish(hub, log, 1, 'a');
    await hub.setDown(true);
    await stateOf(feed, 'retrying');
    await sleep(300); // several attempts answered 503, none of which has a header
    await hub.trim(0);
    await hub.publish('b');
    await hub.publish('c');
    await hub.setDown(false);
    await until(() => messageCount(log) >= 3, 10_000, 'the messages after the outage');
    await sleep(200);
    expect(log.entries).to.deep.equal(['message a', 'gap header', 'message b', 'message c']);
    expect(log.gaps).to.deep.equal([{ requested: first, resumedFrom: 'earliest', reason: 'header' }]);
    expect(feed.status.state).to.equal('connected');
  });
});

/**
 * What a page does about a gap, as the Mercure spec tells a subscriber: re-fetch the topic's state, once per
 * `sse-gap`. Counts the re-fetches and keeps what each one read.
 */
function refetchOnGap(feed: EventTarget, hub: Hub): { refetches: number; states: HubState[] } {
  const page = { refetches: 0, states: [] as HubState[] };
  feed.addEventListener('sse-gap', () => {
    page.refetches += 1;
    void fetch(hub.stateUrl, { cache: 'no-store' })
      .then((response) => response.json() as Promise<HubState>)
      .then((state) => page.states.push(state));
  });
  return page;
}

describe('interop: a Mercure-style hub with a bounded history', () => {
  it('an outage that outlasts the history: one sse-gap, one re-fetch by the page, every later message once', async function () {
    this.timeout(20_000);
    const errors = watchGlobalErrors();
    const hub = hubSession(3);
    const { feed, log } = await hubFeed(hub);
    const page = refetchOnGap(feed, hub);
    const [, last] = await publish(hub, log, 2, 'a', 'b');
    await hub.setDown(true);
    await stateOf(feed, 'retrying');
    const missed: string[] = [];
    for (const value of ['c', 'd', 'e', 'f', 'g']) missed.push((await hub.publish(value)).id);
    await sleep(300); // more attempts, each answered 503 without a header
    expect((await hub.state()).history.map((event) => event.data), 'the hub holds the newest 3: b is gone').to.deep.equal(['e', 'f', 'g']);
    await hub.setDown(false);
    await until(() => messageCount(log) >= 5, 10_000, 'the replay after the outage');
    await until(() => page.states.length === 1, 5000, "the page's re-fetch");
    await publish(hub, log, 7, 'h', 'i');
    await sleep(200);
    expect(log.entries).to.deep.equal(['message a', 'message b', 'gap header', 'message e', 'message f', 'message g', 'message h', 'message i']);
    expect(log.gaps).to.deep.equal([{ requested: last, resumedFrom: 'earliest', reason: 'header' }]);
    expect(page.refetches).to.equal(1);
    expect(page.states[0].lastEventID, 'the re-fetch saw the whole outage').to.equal(missed.at(-1));
    const { subscriptions } = await hub.state();
    expect(subscriptions.map((subscription) => [subscription.requested, subscription.resumedFrom])).to.deep.equal([
      [null, null],
      [last, 'earliest'],
    ]);
    expect(feed.status.state).to.equal('connected');
    expect(errors).to.deep.equal([]);
  });
});

describe('gap-event: the server says history was lost', () => {
  it('fetch transport, from a hub: the header gap first, then the message, then the gap of the event', async () => {
    const hub = hubSession();
    const { log } = await hubFeed(hub, { 'gap-event': 'lost', 'retry-interval': 400 }, `${hub.url}&gapEvent=lost`);
    const [first] = await publish(hub, log, 1, 'a');
    await forgetAndReplay(hub, log, 3, 'b');
    const lost = JSON.stringify({ requested: first, resumedFrom: 'earliest' });
    expect(log.entries).to.deep.equal(['message a', 'gap header', `message ${lost}`, 'gap event', 'message b']);
    expect(log.gaps).to.deep.equal([
      { requested: first, resumedFrom: 'earliest', reason: 'header' },
      { requested: first, resumedFrom: null, reason: 'event' },
    ]);
  });

  it('eventsource transport (which sees no headers): the message, then the gap; the type needs no place in events', async () => {
    const hub = hubSession();
    const { log } = await hubFeed(
      hub,
      { transport: 'eventsource', 'gap-event': 'lost', 'last-event-id-param': 'lastEventID', 'retry-interval': 400 },
      `${hub.url}&gapEvent=lost`,
    );
    const [first] = await publish(hub, log, 1, 'a');
    await forgetAndReplay(hub, log, 3, 'b');
    const lost = JSON.stringify({ requested: first, resumedFrom: 'earliest' });
    expect(log.entries).to.deep.equal(['message a', `message ${lost}`, 'gap event', 'message b']);
    expect(log.gaps).to.deep.equal([{ requested: first, resumedFrom: null, reason: 'event' }]);
  });

  it('on a stream that did not resume, requested is empty; other types and no gap-event report nothing', async () => {
    const raw = 'event: lost\ndata: x\n\nevent: other\ndata: y\n\n';
    const feed = createFeed({ src: serverSession({ raw }).url, 'gap-event': 'lost' });
    const plain = createFeed({ src: serverSession({ raw }).url });
    const log = timeline(feed);
    const plainLog = timeline(plain);
    await until(() => messageCount(log) >= 2 && messageCount(plainLog) >= 2, 5000, 'both messages in both feeds');
    expect(log.entries).to.deep.equal(['message x', 'gap event', 'message y']);
    expect(log.gaps).to.deep.equal([{ requested: '', resumedFrom: null, reason: 'event' }]);
    expect(plainLog.entries).to.deep.equal(['message x', 'message y']);
  });
});

describe('sse-gap for shared feeds and FeedConnection', () => {
  it('share="page": every feed gets the gap once', async () => {
    const hub = hubSession();
    const src = new URL(hub.url, location.href).href;
    const feeds = [0, 1, 2].map(() => createFeed({ src, share: 'page', 'retry-interval': 50, 'retry-jitter': 0 }));
    const logs = feeds.map(timeline);
    await Promise.all(feeds.map((feed) => stateOf(feed, 'connected')));
    await until(async () => (await hub.state()).open === 1, 5000, 'one subscription');
    const { id } = await hub.publish('a');
    await until(() => logs.every((log) => messageCount(log) === 1), 5000, 'the message in every feed');
    await hub.trim(0);
    await hub.drop();
    await until(() => logs.every((log) => log.gaps.length >= 1), 5000, 'the gap in every feed');
    await sleep(100);
    for (const log of logs) expect(log.gaps).to.deep.equal([{ requested: id, resumedFrom: 'earliest', reason: 'header' }]);
    expect((await hub.state()).subscriptions).to.have.length(2);
  });

  it('share="tabs": the leading tab and a follower each get the gap once', async function () {
    this.timeout(20_000);
    const hub = hubSession();
    const src = new URL(hub.url, location.href).href;
    const frame = track(document.createElement('iframe'));
    frame.srcdoc = `<!doctype html><title>tab</title><script type="module">import '/components/sse-feed/define.ts';</script>`;
    document.body.append(frame);
    await until(() => frame.contentWindow?.customElements.get('sse-feed') !== undefined, 10_000, 'the tab to load the element');
    const attributes = { src, share: 'tabs', 'retry-interval': '50', 'retry-jitter': '0' };
    const leader = frame.contentDocument!.createElement('sse-feed');
    for (const [name, value] of Object.entries(attributes)) leader.setAttribute(name, value);
    const leaderLog = timeline(leader);
    frame.contentDocument!.body.append(leader);
    await stateOf(leader, 'connected');
    const follower = createFeed(attributes);
    const followerLog = timeline(follower);
    await stateOf(follower, 'connected');
    const { id } = await hub.publish('a');
    await until(() => messageCount(leaderLog) === 1 && messageCount(followerLog) === 1, 5000, 'the message in both tabs');
    await hub.trim(0);
    await hub.drop();
    await until(() => leaderLog.gaps.length >= 1 && followerLog.gaps.length >= 1, 10_000, 'the gap in both tabs');
    await sleep(200);
    const gap = { requested: id, resumedFrom: 'earliest', reason: 'header' };
    expect(leaderLog.gaps).to.deep.equal([gap]);
    expect(followerLog.gaps).to.deep.equal([gap]);
    expect((await hub.state()).subscriptions, 'one connection for both tabs').to.have.length(2);
  });

  it('FeedConnection tells its gap callback', async () => {
    const hub = hubSession();
    const gaps: FeedGap[] = [];
    const ids: string[] = [];
    const connection = new FeedConnection(
      { src: new URL(hub.url, location.href).href, retryInterval: 50, retryJitter: 0 },
      { gap: (gap) => gaps.push(gap), message: (message) => ids.push(message.lastEventId) },
    );
    try {
      connection.connect();
      await until(async () => (await hub.state()).open === 1, 5000, 'the subscription');
      const { id } = await hub.publish('a');
      await until(() => ids.length === 1, 5000, 'the message');
      await hub.trim(0);
      await hub.drop();
      await until(() => gaps.length === 1, 5000, 'the gap');
      expect(gaps).to.deep.equal([{ requested: id, resumedFrom: 'earliest', reason: 'header' }]);
    } finally {
      connection.close();
    }
  });
});

// Tab sharing without iframes: TabSource in two or three simulated tabs, their channel and lock in memory,
// each leader's connection against the real server.

import { expect } from '@open-wc/testing';
import { FeedConnection, type FeedCallbacks, type FeedSignals } from '../components/core/feed-connection.js';
import { applyOptions, DEFAULT_FEED_OPTIONS, type FeedOptions } from '../components/core/options.js';
import { shareKey } from '../components/core/share-key.js';
import { TabSource, type TabChannel, type TabEnvironment } from '../components/core/tab-source.js';
import type { FeedError, FeedGap, FeedMessage, FeedStatus } from '../components/core/types.js';
import { serverSession, until } from './helpers.js';

type Server = ReturnType<typeof serverSession>;

/**
 * One origin's BroadcastChannels and Web Locks, in memory: a post reaches every other open end of its
 * name in a later task, in order (a structured clone, as the browser's); a lock is granted, first come
 * first served, in a later microtask, and held until the promise its holder returned settles.
 */
class Origin {
  readonly ends = new Map<string, Set<End>>();
  readonly holders = new Map<string, object>();
  readonly waiting = new Map<string, Array<{ ticket: object; held: () => Promise<void> }>>();

  channel(name: string, receive: (data: unknown) => void): End {
    const end = new End(this, name, receive);
    const ends = this.ends.get(name) ?? new Set();
    ends.add(end);
    this.ends.set(name, ends);
    return end;
  }

  lock(name: string, held: () => Promise<void>): () => void {
    const ticket = {};
    const queue = this.waiting.get(name) ?? [];
    queue.push({ ticket, held });
    this.waiting.set(name, queue);
    queueMicrotask(() => this.#grant(name));
    return () => {
      const left = (this.waiting.get(name) ?? []).filter((entry) => entry.ticket !== ticket);
      if (left.length > 0) this.waiting.set(name, left);
      else this.waiting.delete(name);
    };
  }

  /** Open channel ends, locks held and requests waiting: what a closed tab must not leave behind. */
  get resources(): number {
    let count = this.holders.size;
    for (const ends of this.ends.values()) count += ends.size;
    for (const queue of this.waiting.values()) count += queue.length;
    return count;
  }

  #grant(name: string): void {
    if (this.holders.has(name)) return;
    const next = this.waiting.get(name)?.shift();
    if (next === undefined) return;
    if (this.waiting.get(name)?.length === 0) this.waiting.delete(name);
    this.holders.set(name, next.ticket);
    const release = (): void => {
      this.holders.delete(name);
      queueMicrotask(() => this.#grant(name));
    };
    next.held().then(release, release);
  }
}

/** One tab's end of a channel; `hold()` delays what reaches it (a busy tab), `resume()` lets it through. */
class End implements TabChannel {
  #held: unknown[] | null = null;
  #open = true;

  constructor(
    readonly origin: Origin,
    readonly name: string,
    readonly receive: (data: unknown) => void,
  ) {}

  post(data: unknown): void {
    if (!this.#open) return;
    for (const end of this.origin.ends.get(this.name) ?? []) {
      if (end !== this) end.#arrive(structuredClone(data));
    }
  }

  close(): void {
    this.#open = false;
    const ends = this.origin.ends.get(this.name);
    ends?.delete(this);
    if (ends?.size === 0) this.origin.ends.delete(this.name);
  }

  hold(): void {
    this.#held ??= [];
  }

  resume(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const data of held) this.#arrive(data);
  }

  #arrive(data: unknown): void {
    if (this.#held !== null) this.#held.push(data);
    else setTimeout(() => this.#open && this.receive(data));
  }
}

/** What a tab's group heard. */
interface Heard {
  states: FeedStatus[];
  messages: FeedMessage[];
  errors: FeedError[];
  gaps: FeedGap[];
}

/** One simulated tab: its TabSource, what it heard, its visibility, and its end of the channel. */
class Tab {
  readonly heard: Heard = { states: [], messages: [], errors: [], gaps: [] };
  readonly source: TabSource;
  readonly connections: FeedConnection[] = [];
  hidden = false;
  signals: FeedSignals | null = null;
  end: End | null = null;
  /** What the tab's source listens to for the page going into the back/forward cache (or freezing) and back. */
  lifecycle: ((away: boolean) => void) | null = null;

  constructor(origin: Origin, options: FeedOptions, clock: { now(): number; random(): number } = { now: () => Date.now(), random: () => Math.random() }) {
    const callbacks: Required<FeedCallbacks> = {
      status: (status) => this.heard.states.push(status),
      message: (message) => this.heard.messages.push(message),
      error: (error) => this.heard.errors.push(error),
      gap: (gap) => this.heard.gaps.push(gap),
    };
    const env: TabEnvironment = {
      channel: (name, receive) => (this.end = origin.channel(name, receive)),
      lock: (name, held) => origin.lock(name, held),
      now: () => clock.now(),
      random: () => clock.random(),
      connection: (connectionOptions, connectionCallbacks) => {
        const connection = new FeedConnection(connectionOptions, connectionCallbacks, {
          hidden: () => this.hidden,
          listen: (signals) => {
            this.signals = signals;
            return () => (this.signals = null);
          },
        });
        this.connections.push(connection);
        return connection;
      },
      away: (change) => {
        this.lifecycle = change;
        return () => (this.lifecycle = null);
      },
    };
    const key = shareKey(options);
    if (key === null) throw new Error('these options are not shareable');
    this.source = new TabSource(key, options, callbacks, env);
  }

  get data(): string[] {
    return this.heard.messages.map((message) => message.data);
  }

  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    this.signals?.visibilitychange();
  }

  /** The page goes into the back/forward cache (`true`) or comes back, as the browser tells both listeners. */
  setAway(away: boolean): void {
    this.lifecycle?.(away);
    if (away) this.signals?.pagehide({ persisted: true });
    else this.signals?.pageshow({ persisted: true });
  }
}

const optionsFor = (server: Server, changes: Partial<FeedOptions> = {}): FeedOptions =>
  applyOptions(DEFAULT_FEED_OPTIONS, { src: new URL(server.url, location.href).href, ...changes });

const requests = async (server: Server): Promise<number> => (await server.log()).requests.length;

/** Asserts `values` run 1, 2, 3... with nothing lost or repeated. */
function expectFromOne(values: string[], what: string): void {
  expect(values.map(Number), what).to.deep.equal(values.map((_, index) => index + 1));
}

const leaders = (tabs: Tab[]): Tab[] => tabs.filter((tab) => tab.source.leading);

let opened: Tab[] = [];

function openTabs(origin: Origin, count: number, options: FeedOptions): Tab[] {
  const tabs = Array.from({ length: count }, () => new Tab(origin, options));
  opened.push(...tabs);
  return tabs;
}

afterEach(() => {
  for (const tab of opened) tab.source.close();
  opened = [];
});

describe('TabSource with an in-memory tab environment', () => {
  it('three tabs elect one leader: one request, every tab gets every message once and mirrors its state', async () => {
    const server = serverSession({ count: 1000, interval: 20 });
    const origin = new Origin();
    const tabs = openTabs(origin, 3, optionsFor(server));
    for (const tab of tabs) tab.source.connect();
    await until(() => tabs.every((tab) => tab.heard.messages.length >= 5), 5000, 'five messages in every tab');
    expect(leaders(tabs)).to.deep.equal([tabs[0]]); // the first to ask for the lock
    expect(origin.holders.size).to.equal(1);
    for (const tab of tabs) {
      expectFromOne(tab.data, 'every message once, in order');
      expect(tab.source.status.state).to.equal('connected');
      expect(tab.heard.states.map((status) => status.state)).to.deep.equal(['connecting', 'connected']);
    }
    expect(tabs[1].connections).to.have.length(0);
    expect(await requests(server)).to.equal(1);
  });

  it("when the leader's lock is released, the next tab takes over resuming with Last-Event-ID; nothing is delivered twice", async () => {
    const server = serverSession({ count: 1000, interval: 20 });
    const origin = new Origin();
    const [a, b, c] = openTabs(origin, 3, optionsFor(server));
    for (const tab of [a, b, c]) tab.source.connect();
    await until(() => [a, b, c].every((tab) => tab.heard.messages.length >= 5), 5000, 'five messages in every tab');
    a.source.close();
    expect(a.source.pendingResources).to.equal(0);
    await until(() => b.source.leading, 2000, 'the next tab in line to lead');
    expect(c.source.leading).to.equal(false);
    await until(async () => (await requests(server)) === 2, 5000, 'the new leader to connect');
    const resumedAt = Number((await server.log()).requests[1].headers['last-event-id']);
    expect(resumedAt).to.be.at.least(5);
    await until(() => [b, c].every((tab) => Number(tab.data.at(-1)) >= resumedAt + 5), 5000, 'five messages after the hand-over');
    for (const tab of [b, c]) expectFromOne(tab.data, 'every message once across the hand-over');
    expect(c.heard.states.map((status) => status.state).filter((state) => state !== 'connecting' && state !== 'connected')).to.deep.equal([]);
    expect((await server.log()).open).to.equal(1);
  });

  it('a follower that saw more than the new leader drops what the resumed stream sends again', async () => {
    const server = serverSession({ count: 1000, interval: 20 });
    const origin = new Origin();
    const [a, b, c] = openTabs(origin, 3, optionsFor(server));
    for (const tab of [a, b, c]) tab.source.connect();
    await until(() => [a, b, c].every((tab) => tab.heard.messages.length >= 3), 5000, 'three messages in every tab');
    b.end?.hold(); // b falls behind: what the leader relays waits
    await until(() => c.heard.messages.length >= b.heard.messages.length + 5, 5000, 'c five messages ahead of b');
    const seenByB = b.heard.messages.length;
    a.source.close();
    b.end?.resume(); // too late: the leader is gone, and b's view stops where the relay reached it
    await until(() => b.source.leading, 2000, 'b to lead');
    await until(() => [b, c].every((tab) => tab.heard.messages.length >= seenByB + 20), 5000, 'twenty more messages');
    const resumedAt = Number((await server.log()).requests[1].headers['last-event-id']);
    expect(resumedAt).to.be.below(Number(c.data.at(-1)));
    for (const tab of [b, c]) expectFromOne(tab.data, 'every message once, whoever resumed from where');
  });

  it("a follower's reconnect() reaches the leader, which resumes with Last-Event-ID", async () => {
    const server = serverSession({ count: 3 }, { count: 1000, interval: 20 });
    const origin = new Origin();
    const [a, b] = openTabs(origin, 2, optionsFor(server));
    a.source.connect();
    b.source.connect();
    await until(() => b.heard.messages.length === 3 && b.source.status.state === 'connected', 5000, 'three messages in b');
    b.source.reconnect();
    await until(async () => (await requests(server)) === 2, 5000, 'the leader to reconnect');
    expect((await server.log()).requests[1].headers['last-event-id']).to.equal('3');
    expect(b.source.leading).to.equal(false);
    await until(() => b.heard.messages.length >= 6, 5000, 'messages after the reconnect');
    expectFromOne(a.data, 'the leader');
    expectFromOne(b.data, 'the follower');
  });

  it("pause-when-hidden: the leader's visibility pauses the shared connection and resumes it, without a hand-over", async () => {
    const server = serverSession({ count: 1000, interval: 20 });
    const origin = new Origin();
    const [a, b] = openTabs(origin, 2, optionsFor(server, { pauseWhenHidden: true }));
    a.source.connect();
    b.source.connect();
    await until(() => b.heard.messages.length >= 3, 5000, 'three messages in b');
    a.setHidden(true);
    await until(() => b.source.status.state === 'paused', 2000, 'b to mirror paused');
    expect(a.source.status.state).to.equal('paused');
    expect(a.source.leading).to.equal(true);
    await until(async () => (await server.log()).open === 0, 2000, 'the stream to close');
    const before = b.heard.messages.length;
    expect(a.data.at(-1)).to.equal(String(before));
    b.setHidden(false); // a follower's own visibility changes nothing
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(b.heard.messages.length).to.equal(before);
    expect(b.source.leading).to.equal(false);
    a.setHidden(false);
    await until(() => b.heard.messages.length >= before + 3, 5000, 'messages again after the leader shows');
    const log = await server.log();
    expect(log.requests).to.have.length(2);
    expect(log.requests[1].headers['last-event-id']).to.equal(String(before));
    for (const tab of [a, b]) expectFromOne(tab.data, 'every message once across the pause');
    expect(b.heard.states.map((status) => status.state)).to.deep.equal(['connecting', 'connected', 'paused', 'connecting', 'connected']);
    expect(b.heard.errors).to.deep.equal([]);
  });

  it("a leader's page in the back/forward cache leaves the group: the next tab leads resuming, nothing is delivered twice", async () => {
    const server = serverSession({ count: 1000, interval: 20 });
    const origin = new Origin();
    const [a, b, c] = openTabs(origin, 3, optionsFor(server));
    for (const tab of [a, b, c]) tab.source.connect();
    await until(() => [a, b, c].every((tab) => tab.heard.messages.length >= 5), 5000, 'five messages in every tab');
    a.setAway(true);
    expect(a.source.status.state).to.equal('paused');
    expect([a.source.leading, a.source.pendingResources, a.end?.name && origin.ends.get(a.end.name)?.has(a.end)], 'a holds nothing but its lifecycle listener').to.deep.equal([false, 1, false]);
    await until(() => b.source.leading, 2000, 'b to lead');
    await until(async () => (await requests(server)) === 2, 5000, 'the new leader to connect');
    expect(Number((await server.log()).requests[1].headers['last-event-id'])).to.be.at.least(5);
    await until(async () => (await server.log()).open === 1, 2000, 'one stream open');
    const whileAway = a.heard.messages.length;
    await until(() => c.heard.messages.length >= whileAway + 5, 5000, 'five messages while a is away');
    expect(a.heard.messages.length, 'a hears nothing while cached').to.equal(whileAway);
    a.setAway(false);
    await until(() => a.heard.messages.length >= whileAway + 3, 5000, 'a to hear the stream again');
    expect(a.source.leading, 'a is back as a follower').to.equal(false);
    expect(await requests(server)).to.equal(2);
    for (const tab of [b, c]) expectFromOne(tab.data, 'every message once across the hand-over');
    const seen = a.data.map(Number);
    expect(seen, 'a: nothing twice, in order').to.deep.equal([...new Set(seen)].sort((x, y) => x - y));
    expect(a.heard.states.map((status) => status.state)).to.deep.equal(['connecting', 'connected', 'paused', 'connecting', 'connected']);
    expect([a.heard.errors, b.heard.errors, c.heard.errors]).to.deep.equal([[], [], []]);
  });

  it('a lone tab in the back/forward cache holds no stream, and resumes with Last-Event-ID when it is back', async () => {
    const server = serverSession({ count: 1000, interval: 20 });
    const origin = new Origin();
    const [a] = openTabs(origin, 1, optionsFor(server));
    a.source.connect();
    await until(() => a.heard.messages.length >= 5, 5000, 'five messages');
    a.setAway(true);
    await until(async () => (await server.log()).open === 0, 2000, 'the stream to close');
    expect(origin.resources, 'no lock, channel or request left').to.equal(0);
    const last = a.data.at(-1);
    a.setAway(false);
    await until(() => a.heard.messages.length >= Number(last) + 5, 5000, 'five messages after coming back');
    expect((await server.log()).requests.map((request) => request.headers['last-event-id'] ?? '')).to.deep.equal(['', last]);
    expectFromOne(a.data, 'every message once');
    expect(a.heard.errors).to.deep.equal([]);
  });

  it('a new run takes its name from the environment clock and randomness', async () => {
    const server = serverSession({ count: 2 });
    const origin = new Origin();
    const tab = new Tab(origin, optionsFor(server), { now: () => 36 ** 3, random: () => 0.5 });
    opened.push(tab);
    const runs: string[] = [];
    tab.source.connect(); // opens the channel at once; the lock comes later
    const name = tab.end?.name ?? '';
    expect(name).to.match(/^sse-feed:/);
    expect(name).not.to.contain(server.id); // a hash: never the URL
    const spy = origin.channel(name, (data) => {
      const relay = data as { at?: { run: string } };
      if (relay.at) runs.push(relay.at.run);
    });
    await until(() => runs.length >= 3, 5000, 'relays with a position');
    expect(new Set(runs)).to.deep.equal(new Set(['1000.i']));
    spy.close();
  });

  it('after every tab closes, nothing is left: no channel, lock, request, timer or listener', async () => {
    const server = serverSession({ count: 1000, interval: 20 });
    const origin = new Origin();
    const tabs = openTabs(origin, 3, optionsFor(server, { pauseWhenHidden: true, stallTimeout: 5000 }));
    for (const tab of tabs) tab.source.connect();
    await until(() => tabs.every((tab) => tab.heard.messages.length >= 3), 5000, 'three messages in every tab');
    tabs[0].source.close();
    await until(() => tabs[1].source.leading, 2000, 'a hand-over');
    await until(() => tabs[2].heard.messages.length >= 6, 5000, 'messages after it');
    for (const tab of tabs) tab.source.close();
    for (const tab of tabs) {
      expect(tab.source.pendingResources).to.equal(0);
      for (const connection of tab.connections) expect(connection.pendingResources).to.equal(0);
      expect(tab.signals).to.equal(null);
    }
    const heard = tabs.map((tab) => tab.heard.messages.length);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(origin.resources).to.equal(0);
    expect(tabs.map((tab) => tab.heard.messages.length)).to.deep.equal(heard);
    await until(async () => (await server.log()).open === 0, 2000, 'no stream open');
  });
});

// FeedConnection's environment for tests of timing: a clock that only moves when a test says so, and a
// whole fake world (a scripted transport, network and visibility switches, storage in memory).

import type { FeedEnvironment, FeedSignals } from '../components/core/feed-connection.js';
import type { StreamRequest, TransportHandle, TransportSink } from '../components/core/transport.js';
import { feedError, type FeedError, type FeedTransport } from '../components/core/types.js';

/** A clock that only moves when told to, with timers that only fire then. */
export class FakeClock implements Pick<FeedEnvironment, 'now' | 'random' | 'setTimeout' | 'clearTimeout'> {
  time = 1_000_000;
  #nextId = 1;
  readonly timers = new Map<number, { at: number; callback: () => void }>();

  now = (): number => this.time;
  random = (): number => 0.5;
  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.#nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** Moves time on by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}

/** One attempt the feed made through a `FakeWorld`: what it asked for, and controls to answer it. */
export class FakeAttempt {
  readonly request: StreamRequest;
  readonly transport: FeedTransport;
  aborted = false;
  readonly #sink: TransportSink;
  readonly #encoder = new TextEncoder();

  constructor(transport: FeedTransport, request: StreamRequest, sink: TransportSink) {
    this.transport = transport;
    this.request = request;
    this.#sink = sink;
  }

  /** The server accepted: the stream is open. */
  open(): this {
    this.#sink.open('https://stream.test');
    return this;
  }

  /** Bytes of the stream. */
  send(text: string): this {
    void this.#sink.bytes(this.#encoder.encode(text));
    return this;
  }

  /** The server ended the stream cleanly. */
  end(): void {
    this.#sink.end();
  }

  /** The attempt failed (a network error unless said otherwise), with an optional Retry-After in ms. */
  fail(error: FeedError = feedError('network', 'The connection to the server was lost.', false, { reason: 'lost' }), retryAfter: number | null = null): void {
    this.#sink.fail(error, retryAfter);
  }

  /** The server answered 204. */
  close(): void {
    this.#sink.close();
  }
}

/** A `Storage` in memory. */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
}

/**
 * A whole environment for FeedConnection that only moves when a test says so: the fake clock, a
 * transport whose attempts the test answers, the network and visibility as switches, storage in
 * memory and the stability window.
 */
export class FakeWorld extends FakeClock implements FeedEnvironment {
  readonly attempts: FakeAttempt[] = [];
  readonly storageArea: MemoryStorage;
  isOffline = false;
  isHidden = false;
  stableAfter = 5000;
  #signals: FeedSignals | null = null;

  /** A world with this storage (another page of the same tab shares it) at this time. */
  constructor(storage = new MemoryStorage(), time?: number) {
    super();
    this.storageArea = storage;
    if (time !== undefined) this.time = time;
  }

  openTransport = (transport: FeedTransport, request: StreamRequest, sink: TransportSink): TransportHandle => {
    const attempt = new FakeAttempt(transport, request, sink);
    this.attempts.push(attempt);
    return { abort: () => (attempt.aborted = true) };
  };
  offline = (): boolean => this.isOffline;
  hidden = (): boolean => this.isHidden;
  listen = (signals: FeedSignals): (() => void) => {
    this.#signals = signals;
    return () => {
      if (this.#signals === signals) this.#signals = null;
    };
  };
  storage = (): Storage => this.storageArea;
  // Delivery is never put off for the page: a test's task is as long as it needs.
  hasTime = (): boolean => true;

  /** The latest attempt. */
  get attempt(): FakeAttempt {
    const last = this.attempts.at(-1);
    if (!last) throw new Error('no attempt yet');
    return last;
  }

  /** True while a feed listens to the browser's signals. */
  get listening(): boolean {
    return this.#signals !== null;
  }

  /** The network goes away (or comes back), as the browser says so. */
  setOffline(offline: boolean): void {
    this.isOffline = offline;
    if (offline) this.#signals?.offline();
    else this.#signals?.online();
  }

  /** The page is hidden (or shown). */
  setHidden(hidden: boolean): void {
    this.isHidden = hidden;
    this.#signals?.visibilitychange();
  }

  /** The page is being unloaded (a reload), or, `persisted`, may go into the back/forward cache. */
  pageHide(persisted = false): void {
    this.#signals?.pagehide({ persisted });
    if (!persisted) return;
    // As the browser does: a page in the cache is hidden, and says so after pagehide.
    this.isHidden = true;
    this.#signals?.visibilitychange();
  }

  /** The page is back from the back/forward cache. */
  pageShow(): void {
    this.isHidden = false;
    this.#signals?.visibilitychange();
    this.#signals?.pageshow({ persisted: true });
  }

  /** Page Lifecycle: the page is frozen (`true`) or resumed. */
  setFrozen(frozen: boolean): void {
    if (frozen) this.#signals?.freeze();
    else this.#signals?.resume();
  }
}

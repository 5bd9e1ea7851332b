// A `tabs` group's source: one tab leads (Web Lock) and relays its connection to the others (BroadcastChannel).

import { FeedConnection, type FeedCallbacks, type FeedHandle } from './feed-connection.js';
import { hashText } from './hash.js';
import { applyOptions, type FeedOptions } from './options.js';
import { retryMaxCount } from './retry.js';
import { IDLE_STATUS, type FeedError, type FeedGap, type FeedMessage, type FeedStatus } from './types.js';

/** One tab's end of the channel of a name. */
export interface TabChannel {
  /** Sends to every other tab on the channel (never to this one). */
  post(data: unknown): void;
  /** Leaves the channel: nothing more is heard or sent. */
  close(): void;
}

/**
 * What tab sharing takes from the world: a channel and a lock per name, the clock and randomness, and
 * the leader's connection. The browser's by default (BroadcastChannel, Web Locks); a test simulates
 * several tabs in memory.
 */
export interface TabEnvironment {
  /** Joins the channel of `name`; `receive` hears, in order, what other tabs post on it. */
  channel(name: string, receive: (data: unknown) => void): TabChannel;
  /**
   * Asks for the lock of `name`: once granted, `held` runs and the lock is held until the promise it
   * returns settles. Returns what stops waiting (nothing once the lock is held).
   */
  lock(name: string, held: () => Promise<void>): () => void;
  now(): number;
  random(): number;
  /** The connection the leading tab runs. */
  connection(options: FeedOptions, callbacks: FeedCallbacks): FeedHandle;
  /**
   * Calls `change(true)` when this page goes into the back/forward cache or is frozen, `change(false)` when it
   * is back; returns what stops it. Without it, a tab never leaves the group before it closes.
   */
  away?(change: (away: boolean) => void): () => void;
}

const browserTabs: TabEnvironment = {
  channel(name, receive) {
    const channel = new BroadcastChannel(name);
    channel.onmessage = (event) => receive(event.data);
    return { post: (data) => channel.postMessage(data), close: () => channel.close() };
  },
  lock(name, held) {
    const waiting = new AbortController();
    navigator.locks.request(name, { signal: waiting.signal }, held).catch(() => {
      // Aborted: this tab stopped waiting for the lock because its last feed closed.
    });
    return () => waiting.abort();
  },
  now: () => Date.now(),
  random: () => Math.random(),
  connection: (options, callbacks) => new FeedConnection(options, callbacks),
  away(change) {
    // A first load's pageshow and an unload's pagehide are not persisted: neither leaves nor comes back.
    const on = (event: Event): void => {
      if ((event as Partial<PageTransitionEvent>).persisted !== false) change(event.type === 'pagehide' || event.type === 'freeze');
    };
    const targets: Array<[EventTarget, string]> = [[window, 'pagehide'], [window, 'pageshow'], [document, 'freeze'], [document, 'resume']];
    for (const [target, type] of targets) target.addEventListener(type, on);
    return () => {
      for (const [target, type] of targets) target.removeEventListener(type, on);
    };
  },
};

/**
 * Where a tab is in the relayed stream: `seq` numbers the messages delivered since the stream began;
 * `run` names a stretch of the stream that continues without a gap. A new leader that resumes with
 * an id continues the run and its numbers, so followers drop what they already have; one that cannot
 * resume (no id yet) starts a new run, and its numbers start from scratch.
 */
interface Position {
  run: string;
  seq: number;
}

/** What tabs tell each other on the channel of a key. */
type Relay =
  | { kind: 'status'; status: FeedStatus; at: Position } // leader: its status changed (or a follower said hello)
  | { kind: 'message'; message: FeedMessage; at: Position } // leader: a message
  | { kind: 'error'; error: FeedError } // leader: a failed attempt or a message-level error
  | { kind: 'gap'; gap: FeedGap } // leader: a replay gap
  | { kind: 'hello' } // follower: a new tab wants the leader's status
  | { kind: 'connect' } // follower: start the connection if it is failed or closed
  | { kind: 'reconnect' }; // follower: reconnect now

/**
 * The source of a `tabs` group in one document. The tab that holds the Web Lock of the key leads: it
 * runs the FeedConnection and relays its status, messages and errors on the BroadcastChannel of the
 * key; the other tabs mirror them and ask the leader to (re)connect. When the leader goes away (tab
 * closed, last feed closed) the lock passes to a waiting tab, which connects resuming from the last
 * event id it saw, so Last-Event-ID resume covers the handover.
 *
 * A tab whose page goes into the back/forward cache or is frozen leaves the group as a closed one would (a
 * page holding a Web Lock or an open channel stays out of the cache, and a frozen leader would starve the
 * others): it is `paused` meanwhile, and joins again when it is back, resuming from the last id it saw.
 */
export class TabSource implements FeedHandle {
  readonly #name: string;
  #options: FeedOptions;
  readonly #callbacks: Required<FeedCallbacks>;
  readonly #env: TabEnvironment;
  #channel: TabChannel | null = null;
  #stopWaiting: (() => void) | null = null;
  #releaseLock: (() => void) | null = null;
  #connection: FeedHandle | null = null;
  #closed = false;
  /** The page is in the back/forward cache or frozen: out of the group until it is back. */
  #away = false;
  #stopAway: (() => void) | null = null;
  #mirrored: FeedStatus; // the leader's status, as this tab last heard it
  #lastEventId = ''; // the last id this tab saw: where it resumes if it becomes leader
  #at: Position = { run: '', seq: 0 }; // where that id is in the relayed stream
  #reported: FeedStatus | null = null;

  constructor(key: string, options: FeedOptions, callbacks: Required<FeedCallbacks>, env: TabEnvironment = browserTabs) {
    // Lock and channel names can be listed by any script of the origin: a hash, never the URL or headers.
    this.#name = `sse-feed:${hashText(key)}`;
    this.#options = options;
    this.#callbacks = callbacks;
    this.#env = env;
    this.#mirrored = Object.freeze({ ...IDLE_STATUS, retryMaxCount: retryMaxCount(options.retryMaxCount) });
  }

  /** True while this tab holds the lock and the connection. */
  get leading(): boolean {
    return this.#connection !== null;
  }

  get status(): FeedStatus {
    return this.#connection?.status ?? this.#mirrored;
  }

  get pendingResources(): number {
    return (this.#channel ? 1 : 0) + (this.#releaseLock ? 1 : 0) + (this.#stopAway ? 1 : 0) + (this.#connection?.pendingResources ?? 0);
  }

  /**
   * Only options outside the key reach here (`fetch`, `debug`, `name`): a feed with other options
   * moves to another group. They apply to this tab's connection when it leads.
   */
  update(changes: Partial<FeedOptions>): boolean {
    this.#options = applyOptions(this.#options, changes);
    this.#connection?.update(changes);
    return false;
  }

  connect(): void {
    if (this.#closed) return;
    if (this.#channel === null) this.#start();
    else if (this.#connection) this.#connection.connect();
    else this.#post({ kind: 'connect' });
  }

  reconnect(): void {
    if (this.#closed) return;
    if (this.#channel === null) this.#start();
    else if (this.#connection) this.#connection.reconnect();
    else this.#post({ kind: 'reconnect' });
  }

  /** Leaves for good: stops waiting for the lock, or closes the connection and passes the lock on. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true; // first: the connection's `closed` is this tab's, not the followers'
    this.#stopAway?.();
    this.#stopAway = null;
    this.#leave();
  }

  /** Stops waiting for the lock, or closes the connection and passes the lock on; leaves the channel. */
  #leave(): void {
    this.#stopWaiting?.();
    this.#stopWaiting = null;
    this.#connection?.close();
    this.#connection = null;
    this.#releaseLock?.();
    this.#releaseLock = null;
    this.#channel?.close();
    this.#channel = null;
  }

  /** The page went into the back/forward cache or was frozen (`away`), or is back. */
  #move(away: boolean): void {
    if (this.#closed || away === this.#away) return;
    this.#away = away; // first: the connection's `closed` is this tab's, not the followers'
    if (away) {
      const status = this.status;
      this.#leave();
      this.#mirrored = Object.freeze({ ...status, state: 'paused', error: null, retryDelay: null, retryAt: null });
      this.#report();
    } else {
      this.#start();
    }
  }

  #start(): void {
    this.#away = false;
    this.#stopAway ??= this.#env.away?.((away) => this.#move(away)) ?? null;
    this.#channel = this.#env.channel(this.#name, (data) => this.#onRelay(data as Relay));
    // Until the leader answers (or this tab leads), the feed is on its way to a connection.
    this.#mirrored = Object.freeze({ ...this.#mirrored, state: 'connecting', error: null, retryDelay: null, retryAt: null });
    this.#report();
    this.#stopWaiting = this.#env.lock(this.#name, () => this.#lead());
    this.#post({ kind: 'hello' });
  }

  /** Runs while this tab holds the lock; the returned promise settles when it lets go. */
  #lead(): Promise<void> {
    if (this.#closed || this.#away) return Promise.resolve();
    this.#stopWaiting = null;
    // A new leader resumes where this tab's view of the stream stopped: followers that saw more drop
    // the messages they already have by their position. Without an id there is no resuming: a new run.
    if (this.#lastEventId === '') this.#at = { run: this.#newRun(), seq: 0 };
    this.#connection = this.#env.connection({ ...this.#options, lastEventId: this.#lastEventId }, {
      status: () => {
        if (this.#closed || this.#away) return;
        const status = this.status;
        this.#post({ kind: 'status', status, at: this.#at });
        this.#report();
      },
      message: (message) => {
        // An id reset to empty ends what can be resumed: what follows is a new run.
        const reset = message.lastEventId === '' && this.#lastEventId !== '';
        this.#lastEventId = message.lastEventId;
        this.#at = { run: reset ? this.#newRun() : this.#at.run, seq: reset ? 0 : this.#at.seq + 1 };
        this.#post({ kind: 'message', message, at: this.#at });
        this.#callbacks.message(message);
      },
      error: (error) => {
        this.#post({ kind: 'error', error });
        this.#callbacks.error(error);
      },
      gap: (gap) => {
        this.#post({ kind: 'gap', gap });
        this.#callbacks.gap(gap);
      },
    });
    const held = new Promise<void>((resolve) => (this.#releaseLock = resolve));
    this.#connection.connect();
    return held;
  }

  #onRelay(relay: Relay): void {
    if (this.#closed) return;
    const connection = this.#connection;
    if (connection !== null) {
      // Leading: answer followers; anything a previous leader sent late is ignored (this tab's own
      // stream resumed from what it had seen when it took over).
      if (relay.kind === 'hello') this.#post({ kind: 'status', status: this.status, at: this.#at });
      else if (relay.kind === 'connect') connection.connect();
      else if (relay.kind === 'reconnect') connection.reconnect();
      return;
    }
    if (relay.kind === 'message') {
      // A new leader resumed from an older id than this tab saw: what it sends again is dropped.
      if (relay.at.run === this.#at.run && relay.at.seq <= this.#at.seq) return;
      this.#at = relay.at;
      this.#lastEventId = relay.message.lastEventId;
      this.#callbacks.message(relay.message);
    } else if (relay.kind === 'status') {
      this.#mirrored = Object.freeze({ ...relay.status });
      // A status never moves this tab back in the stream (a new leader's may come from behind).
      if (relay.at.run !== this.#at.run || relay.at.seq >= this.#at.seq) {
        this.#at = relay.at;
        this.#lastEventId = relay.status.lastEventId;
      }
      this.#report();
    } else if (relay.kind === 'error') {
      this.#callbacks.error(relay.error);
    } else if (relay.kind === 'gap') {
      this.#callbacks.gap(relay.gap);
    }
  }

  /** Tells the group about a status, once: a repeat (a hello's answer, a new leader's first `connecting`) is dropped. */
  #report(): void {
    const status = this.status;
    if (this.#reported !== null && sameStatus(this.#reported, status)) return;
    this.#reported = status;
    this.#callbacks.status(status);
  }

  #post(relay: Relay): void {
    this.#channel?.post(relay);
  }

  /** A name for a new run of the relayed stream, unique among tabs for all practical purposes. */
  #newRun(): string {
    return `${this.#env.now().toString(36)}.${this.#env.random().toString(36).slice(2)}`;
  }
}

// ---- Helpers ------------------------------------------------------------------------------

/** Equal but for `messages`, `lastEventId` and `lastMessageAt`, which change without an `sse-state`. */
function sameStatus(a: FeedStatus, b: FeedStatus): boolean {
  return (
    a.state === b.state &&
    a.attempt === b.attempt &&
    a.retryDelay === b.retryDelay &&
    a.retryAt === b.retryAt &&
    a.retryMaxCount === b.retryMaxCount &&
    a.stale === b.stale &&
    (a.error === b.error ||
      (a.error !== null && b.error !== null && a.error.kind === b.error.kind && a.error.status === b.error.status && a.error.message === b.error.message && a.error.fatal === b.error.fatal))
  );
}

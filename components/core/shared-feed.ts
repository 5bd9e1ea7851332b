// Connection sharing: one FeedConnection per set of options in a document (`page`), or one per origin
// across tabs, its leader elected with Web Locks and relayed over a BroadcastChannel (`tabs`).

import { FeedConnection, type FeedCallbacks, type FeedHandle } from './feed-connection.js';
import { hashText } from './hash.js';
import { effectiveShare } from './share-mode.js';
import { applyOptions, DEFAULT_FEED_OPTIONS, shareKey, type FeedOptions } from './options.js';
import { retryMaxCount } from './retry.js';
import { defaultFetch, type FeedFetch } from './transport.js';
import { IDLE_STATUS, type FeedError, type FeedGap, type FeedMessage, type FeedShare, type FeedStatus } from './types.js';

/**
 * A feed handle for `share`: a plain `FeedConnection` for `none`, else a subscriber of the
 * connection shared by every feed with the same options (in this document, or in every same-origin
 * tab). A handle's callbacks hear its own events only, whatever the mode.
 */
export function createFeedHandle(
  share: string,
  callbacks: FeedCallbacks = {},
  options: Partial<FeedOptions> = {},
): FeedHandle {
  const mode = effectiveShare(share);
  return mode === 'none' ? new FeedConnection(options, callbacks) : new SharedFeed(mode, callbacks, options);
}

// ---- Subscribers --------------------------------------------------------------------------

type SharedMode = Exclude<FeedShare, 'none'>;

const groups: Record<SharedMode, Map<string, ShareGroup>> = { page: /* @__PURE__ */ new Map(), tabs: /* @__PURE__ */ new Map() };

/**
 * One feed's view of a shared connection. While it runs it is a member of the group of its key and
 * hears every status, message and error of the group's source from then on; `close()` detaches it
 * alone, and the source closes when its last member leaves. `messages` counts what this feed
 * dispatched, as with a connection of its own.
 */
class SharedFeed implements FeedHandle {
  readonly #mode: SharedMode;
  readonly #callbacks: FeedCallbacks;
  #options: FeedOptions;
  #group: ShareGroup | null = null;
  #base = 0; // the group's message count minus this feed's, when it joined
  #own: FeedStatus; // the status while not a member
  #viewOf: FeedStatus | null = null;
  #view: FeedStatus | null = null;

  constructor(mode: SharedMode, callbacks: FeedCallbacks, options: Partial<FeedOptions>) {
    this.#mode = mode;
    this.#callbacks = callbacks;
    this.#options = applyOptions(DEFAULT_FEED_OPTIONS, options);
    this.#own = Object.freeze({ ...IDLE_STATUS, retryMaxCount: retryMaxCount(this.#options.retryMaxCount) });
  }

  get status(): FeedStatus {
    const group = this.#group;
    if (group === null) return this.#own;
    const status = group.status;
    if (this.#base === 0) return status;
    if (this.#viewOf !== status || this.#view === null) {
      this.#viewOf = status;
      this.#view = Object.freeze({ ...status, messages: status.messages - this.#base });
    }
    return this.#view;
  }

  get pendingResources(): number {
    return this.#group?.source.pendingResources ?? 0;
  }

  /** The options in force. */
  get options(): Readonly<FeedOptions> {
    return this.#options;
  }

  update(changes: Partial<FeedOptions>): boolean {
    this.#options = applyOptions(this.#options, changes);
    const group = this.#group;
    if (group === null) {
      const maxCount = retryMaxCount(this.#options.retryMaxCount);
      if (maxCount !== this.#own.retryMaxCount) this.#own = Object.freeze({ ...this.#own, retryMaxCount: maxCount });
      return false;
    }
    if (this.#options.src === '') {
      this.#leave('idle');
      return false;
    }
    const key = shareKey(this.#options);
    if (key === group.key) {
      // An unshared (solo) connection follows its options as a connection of its own would.
      if (key === null) return group.source.update(this.#options);
      group.followMembers();
      return false;
    }
    this.#move();
    return true;
  }

  connect(): void {
    if (this.#options.src === '') {
      if (this.status.state !== 'idle') this.#leave('idle');
      return;
    }
    (this.#group ?? this.#join()).source.connect();
  }

  reconnect(): void {
    if (this.#options.src === '') {
      this.connect();
      return;
    }
    (this.#group ?? this.#join()).source.reconnect();
  }

  close(): void {
    if (this.#group !== null) this.#leave('closed');
    else if (this.#own.state !== 'closed') this.#settle('closed', this.#own);
  }

  /** Called by the group for each of its source's status changes. */
  groupStatus(group: ShareGroup): void {
    if (group === this.#group) this.#callbacks.status?.(this.status);
  }

  /** Called by the group for each message: the hot path, so nothing but the check and the call. */
  groupMessage(group: ShareGroup, message: FeedMessage): void {
    if (group === this.#group) this.#callbacks.message?.(message);
  }

  groupError(group: ShareGroup, error: FeedError): void {
    if (group === this.#group) this.#callbacks.error?.(error);
  }

  groupGap(group: ShareGroup, gap: FeedGap): void {
    if (group === this.#group) this.#callbacks.gap?.(gap);
  }

  /** Joins the group of the current options (creating it), and sees its status at once if it runs. */
  #join(): ShareGroup {
    const key = shareKey(this.#options);
    let group = key === null ? undefined : groups[this.#mode].get(key);
    if (group === undefined) group = createGroup(this.#mode, key, this.#options);
    const messages = this.#own.messages;
    this.#base = group.messages - messages;
    this.#viewOf = null;
    this.#group = group;
    group.add(this);
    if (group.source.status.state !== 'idle') this.#callbacks.status?.(this.status);
    return group;
  }

  /** Moves to the group of new options, without a `closed` in between. */
  #move(): void {
    const previous = this.#group;
    if (previous === null) return;
    this.#own = this.status;
    this.#group = null;
    previous.remove(this);
    this.#join().source.connect();
  }

  #leave(state: 'closed' | 'idle'): void {
    const group = this.#group;
    const last = this.status;
    this.#group = null;
    group?.remove(this);
    this.#settle(state, last);
  }

  #settle(state: 'closed' | 'idle', from: FeedStatus): void {
    this.#own = Object.freeze({
      ...from,
      state,
      error: null,
      retryDelay: null,
      retryAt: null,
      retryMaxCount: retryMaxCount(this.#options.retryMaxCount),
      ...(state === 'idle' ? { lastEventId: '', attempt: 0 } : {}),
    });
    this.#callbacks.status?.(this.#own);
  }
}

// ---- Groups -------------------------------------------------------------------------------

/** Where a group's stream comes from: a connection of its own, or (tabs) the leading tab's. */
type ShareSource = FeedHandle;

/**
 * The members of one key in this document and their source. Fans each event out to the members in
 * a plain loop; membership changes replace the array, so a listener that closes a feed mid-loop is
 * safe. A group with key null belongs to one feed alone and is not registered.
 */
class ShareGroup {
  readonly key: string | null;
  readonly source: ShareSource;
  readonly #registry: Map<string, ShareGroup>;
  #members: readonly SharedFeed[] = [];
  #messages = 0;
  #statusOf: FeedStatus | null = null;
  #statusMessages = -1;
  #status: FeedStatus = IDLE_STATUS;
  readonly #callbacks: Required<FeedCallbacks> = {
    status: () => {
      const members = this.#members;
      for (let i = 0; i < members.length; i++) members[i].groupStatus(this);
    },
    message: (message) => {
      this.#messages += 1;
      const members = this.#members;
      for (let i = 0; i < members.length; i++) members[i].groupMessage(this, message);
    },
    error: (error) => {
      const members = this.#members;
      for (let i = 0; i < members.length; i++) members[i].groupError(this, error);
    },
    gap: (gap) => {
      const members = this.#members;
      for (let i = 0; i < members.length; i++) members[i].groupGap(this, gap);
    },
  };

  constructor(key: string | null, registry: Map<string, ShareGroup>, createSource: (callbacks: Required<FeedCallbacks>) => ShareSource) {
    this.key = key;
    this.#registry = registry;
    this.source = createSource(this.#callbacks);
    if (key !== null) registry.set(key, this);
  }

  /** Messages dispatched in this document since the group began. */
  get messages(): number {
    return this.#messages;
  }

  /** The source's status, with `messages` counted in this document. */
  get status(): FeedStatus {
    const source = this.source.status;
    if (source !== this.#statusOf || this.#statusMessages !== this.#messages) {
      this.#statusOf = source;
      this.#statusMessages = this.#messages;
      this.#status = source.messages === this.#messages ? source : Object.freeze({ ...source, messages: this.#messages });
    }
    return this.#status;
  }

  add(member: SharedFeed): void {
    this.#members = [...this.#members, member];
    this.followMembers();
  }

  /** Removes a member; the last one out closes the source and unregisters the group. */
  remove(member: SharedFeed): void {
    this.#members = this.#members.filter((other) => other !== member);
    if (this.#members.length > 0) {
      this.followMembers();
      return;
    }
    if (this.key !== null && this.#registry.get(this.key) === this) this.#registry.delete(this.key);
    this.source.close();
  }

  /**
   * The options outside the key come from the members: requests go through the first member's
   * `fetch` (read at each attempt), and the connection logs, under that member's name, while any
   * member has `debug`.
   */
  followMembers(): void {
    const members = this.#members;
    if (members.length === 0) return;
    const logging = members.find((member) => member.options.debug);
    this.source.update({ debug: logging !== undefined, name: (logging ?? members[0]).options.name, fetch: this.#fetch });
  }

  readonly #fetch: FeedFetch = (url, init) => (this.#members[0]?.options.fetch ?? defaultFetch)(url, init);
}

function createGroup(mode: SharedMode, key: string | null, options: FeedOptions): ShareGroup {
  return new ShareGroup(key, groups[mode], (callbacks) =>
    mode === 'tabs' && key !== null ? new TabSource(key, options, callbacks) : new FeedConnection({ ...options }, callbacks),
  );
}

// ---- Tabs ---------------------------------------------------------------------------------

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
 */
class TabSource implements FeedHandle {
  readonly #name: string;
  #options: FeedOptions;
  readonly #callbacks: Required<FeedCallbacks>;
  #channel: BroadcastChannel | null = null;
  #stopWaiting: AbortController | null = null;
  #releaseLock: (() => void) | null = null;
  #connection: FeedConnection | null = null;
  #closed = false;
  #mirrored: FeedStatus; // the leader's status, as this tab last heard it
  #lastEventId = ''; // the last id this tab saw: where it resumes if it becomes leader
  #at: Position = { run: '', seq: 0 }; // where that id is in the relayed stream
  #reported: FeedStatus | null = null;

  constructor(key: string, options: FeedOptions, callbacks: Required<FeedCallbacks>) {
    // Lock and channel names can be listed by any script of the origin: a hash, never the URL or headers.
    this.#name = `sse-feed:${hashText(key)}`;
    this.#options = options;
    this.#callbacks = callbacks;
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
    return (this.#channel ? 1 : 0) + (this.#releaseLock ? 1 : 0) + (this.#connection?.pendingResources ?? 0);
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
    this.#stopWaiting?.abort();
    this.#stopWaiting = null;
    this.#connection?.close();
    this.#connection = null;
    this.#releaseLock?.();
    this.#releaseLock = null;
    this.#channel?.close();
    this.#channel = null;
  }

  #start(): void {
    const channel = new BroadcastChannel(this.#name);
    channel.onmessage = (event: MessageEvent<Relay>) => this.#onRelay(event.data);
    this.#channel = channel;
    this.#stopWaiting = new AbortController();
    // Until the leader answers (or this tab leads), the feed is on its way to a connection.
    this.#mirrored = Object.freeze({ ...this.#mirrored, state: 'connecting', error: null, retryDelay: null, retryAt: null });
    this.#report();
    navigator.locks
      .request(this.#name, { signal: this.#stopWaiting.signal }, () => this.#lead())
      .catch(() => {
        // Aborted: this tab stopped waiting for the lock because its last feed closed.
      });
    this.#post({ kind: 'hello' });
  }

  /** Runs while this tab holds the lock; the returned promise settles when it lets go. */
  #lead(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#stopWaiting = null;
    // A new leader resumes where this tab's view of the stream stopped: followers that saw more drop
    // the messages they already have by their position. Without an id there is no resuming: a new run.
    if (this.#lastEventId === '') this.#at = { run: newRun(), seq: 0 };
    this.#connection = new FeedConnection({ ...this.#options, lastEventId: this.#lastEventId }, {
      status: () => {
        if (this.#closed) return;
        const status = this.status;
        this.#post({ kind: 'status', status, at: this.#at });
        this.#report();
      },
      message: (message) => {
        // An id reset to empty ends what can be resumed: what follows is a new run.
        const reset = message.lastEventId === '' && this.#lastEventId !== '';
        this.#lastEventId = message.lastEventId;
        this.#at = { run: reset ? newRun() : this.#at.run, seq: reset ? 0 : this.#at.seq + 1 };
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
    this.#channel?.postMessage(relay);
  }
}

// ---- Helpers ------------------------------------------------------------------------------

/** A name for a new run of the relayed stream, unique among tabs for all practical purposes. */
function newRun(): string {
  return `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
}


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

// Connection sharing: one FeedConnection per set of options in a document (`page`), or one per origin
// across tabs, its leader elected with Web Locks and relayed over a BroadcastChannel (`tabs`, in tab-source.ts).

import { FeedConnection, type FeedCallbacks, type FeedHandle } from './feed-connection.js';
import { effectiveShare } from './share-mode.js';
import { applyOptions, DEFAULT_FEED_OPTIONS, type FeedOptions } from './options.js';
import { shareKey } from './share-key.js';
import { retryMaxCount } from './retry.js';
import { TabSource } from './tab-source.js';
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

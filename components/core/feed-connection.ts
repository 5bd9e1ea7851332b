// The state machine of one feed: attempts, backoff, stall, offline and hidden-tab handling, persistence.

import { nextTask, nextTaskAhead, openSlice, sliceHasTime } from './delivery.js';
import { messageTooLarge, SseParser, utf8Length } from './parser.js';
import { forgetPersisted, loadPersisted, savePersisted, sessionStore } from './persist.js';
import {
  backoffDelay,
  clampDelay,
  DEFAULT_RETRY_POLICY,
  jitterDelay,
  MAX_TIMER_DELAY,
  retryMaxCount,
  retryWait,
  shouldRetry,
  STABLE_AFTER,
  type RetryPolicy,
} from './retry.js';
import { applyOptions, changed, DEFAULT_FEED_OPTIONS, type FeedOptions } from './options.js';
import { originOf, resolveStreamUrl } from './url.js';
import { openTransport, type StreamRequest, type TransportHandle, type TransportSink } from './transport.js';
import {
  feedError,
  type FeedError,
  type FeedMessage,
  type FeedState,
  type FeedStatus,
  type FeedTransport,
  type ParsedEvent,
} from './types.js';

/** Where a feed reports; every callback is optional. */
export interface FeedCallbacks {
  /** A new status snapshot: every change of state, attempt, retry schedule or error. */
  status?(status: FeedStatus): void;
  /** A dispatched message. */
  message?(message: FeedMessage): void;
  /** A failed attempt or a message-level error (`parse`, `too-large`). */
  error?(error: FeedError): void;
}

/** The browser's signals a feed reacts to. */
export interface FeedSignals {
  online(): void;
  offline(): void;
  pagehide(): void;
  visibilitychange(): void;
}

/**
 * Everything a feed takes from the world around it: clock, randomness, timers, the transports, the
 * network and visibility signals, storage and the stability window. The browser's by default; a test
 * replaces any of them (a fake clock and a scripted transport make timing tests take milliseconds).
 */
export interface FeedEnvironment {
  now(): number;
  random(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Opens one attempt: the fetch or the EventSource transport. */
  openTransport(transport: FeedTransport, request: StreamRequest, sink: TransportSink): TransportHandle;
  /** True while the device is offline (`navigator.onLine === false`). */
  offline(): boolean;
  /** True while the page is hidden (`document.hidden`). */
  hidden(): boolean;
  /** Starts listening to online, offline, pagehide and visibilitychange; returns what stops it. */
  listen(signals: FeedSignals): () => void;
  /** Where `persist` keeps its state: `sessionStorage`, or null where there is none. */
  storage(): Storage | null;
  /** Ms a connection must stay open, without an event, before it counts as stable. */
  stableAfter: number;
  /** True while the current task may go on delivering messages (the shared delivery budget). */
  hasTime(): boolean;
}

const defaultEnvironment: FeedEnvironment = {
  now: () => Date.now(),
  random: () => Math.random(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  openTransport,
  offline: () => globalThis.navigator?.onLine === false,
  hidden: () => globalThis.document?.hidden === true,
  listen(signals) {
    // Absent in Node and workers without these events: the feed then simply does not react to them.
    const target = globalThis as unknown as Partial<Pick<Window, 'addEventListener' | 'removeEventListener'>>;
    const page = globalThis.document;
    target.addEventListener?.('online', signals.online);
    target.addEventListener?.('offline', signals.offline);
    target.addEventListener?.('pagehide', signals.pagehide);
    page?.addEventListener('visibilitychange', signals.visibilitychange);
    return () => {
      target.removeEventListener?.('online', signals.online);
      target.removeEventListener?.('offline', signals.offline);
      target.removeEventListener?.('pagehide', signals.pagehide);
      page?.removeEventListener('visibilitychange', signals.visibilitychange);
    };
  },
  storage: sessionStore,
  stableAfter: STABLE_AFTER,
  hasTime: sliceHasTime,
};

/**
 * What `<sse-feed>` drives: one feed's status and controls, whether the feed owns its connection
 * (`FeedConnection`) or shares one (`createSharedFeed`).
 */
export interface FeedHandle {
  /** The current status, an immutable snapshot (a new object whenever anything in it changed). */
  readonly status: FeedStatus;
  /** How many timers, global listeners and connections the feed holds now; 0 once closed. */
  readonly pendingResources: number;
  /** Changes options; true when that already (re)started the feed's connection. */
  update(changes: Partial<FeedOptions>): boolean;
  /** Starts the feed if it is idle, closed or failed; does nothing while it runs. */
  connect(): void;
  /** Drops any connection, resets the attempt count and connects now. */
  reconnect(): void;
  /** Stops for good: state `closed`, no retry. */
  close(): void;
}

const ACTIVE: ReadonlySet<FeedState> = /* @__PURE__ */ new Set(['connecting', 'connected', 'retrying', 'paused']);

type Timer = 'retry' | 'stall' | 'stable' | 'stale';

/** Streams open (or being opened) by feeds of this realm, per origin: for the connection-slot warning. */
const openStreams = /* @__PURE__ */ new Map<string, number>();

/** Bytes of a chunk parsed at once: a larger chunk is parsed in pieces, between which the page may run. */
const PARSE_PIECE = 65_536;

/** Browsers open at most this many HTTP/1.1 connections to one host; more requests wait. */
const CONNECTIONS_PER_HOST = 6;

/**
 * One feed, without any DOM element: give it options and callbacks, call `connect()`, and it keeps
 * the stream alive as the retry policy says until `close()`. All timers and global listeners it
 * creates live between `connect()` and `close()` (or the end of the stream) and no longer.
 */
export class FeedConnection implements FeedHandle {
  readonly #callbacks: FeedCallbacks;
  readonly #env: FeedEnvironment;
  #options: FeedOptions;

  #state: FeedState = 'idle';
  #attempt = 0;
  #retryDelay: number | null = null;
  #retryAt: number | null = null;
  #error: FeedError | null = null;
  #messages = 0;
  #stale = false;
  #lastMessageAt: number | null = null;
  #lastEventId = '';
  #serverRetry: number | null = null;
  #snapshot: FeedStatus | null = null;

  #url = ''; // the resolved src, '' when invalid or empty
  #restoredFor: string | null = null;
  #handle: TransportHandle | null = null;
  #generation = 0;
  #parser: SseParser | null = null;
  #origin = '';
  #stable = false;
  #lastActivity = 0; // when the last bytes (or, EventSource, the last event) arrived
  #connectedAt = 0;
  #timers = new Map<Timer, unknown>();
  #stopListening: (() => void) | null = null; // while the feed runs: its browser signals
  /** A wait the server asked for (`Retry-After`): no attempt before `until`, whatever else happens. */
  #held: { until: number; error: FeedError | null } | null = null;
  /** Events parsed but not yet dispatched, because the current task used its delivery budget. */
  #backlog: ParsedEvent[] = [];
  #draining: Promise<void> | null = null;
  /** The stream was finished (a clean end read as `close`, or the close event): nothing to resume. */
  #finished = false;
  #slotOrigin: string | null = null; // the origin counted in `openStreams` for the current attempt

  constructor(options: Partial<FeedOptions> = {}, callbacks: FeedCallbacks = {}, env: Partial<FeedEnvironment> = {}) {
    this.#options = applyOptions(DEFAULT_FEED_OPTIONS, options);
    this.#lastEventId = this.#options.lastEventId;
    this.#callbacks = callbacks;
    this.#env = { ...defaultEnvironment, ...env };
  }

  /** The current status, an immutable snapshot (a new object whenever anything in it changed). */
  get status(): FeedStatus {
    return (this.#snapshot ??= Object.freeze({
      state: this.#state,
      attempt: this.#attempt,
      retryMaxCount: this.#policy().maxCount,
      retryDelay: this.#retryDelay,
      retryAt: this.#retryAt,
      lastEventId: this.#lastEventId,
      error: this.#error,
      messages: this.#messages,
      stale: this.#stale,
      lastMessageAt: this.#lastMessageAt,
    }));
  }

  /** The options in force. */
  get options(): Readonly<FeedOptions> {
    return this.#options;
  }

  /** How many timers and global listeners the feed holds now; 0 once closed. For leak checks. */
  get pendingResources(): number {
    return this.#timers.size + (this.#stopListening ? 1 : 0) + (this.#handle ? 1 : 0);
  }

  /**
   * Changes options. A new `src`, `method` or `body` starts a new stream (id, backoff and server
   * `retry:` reset, or restored with `persist`): what is asked for is another stream, and the old
   * one's id means nothing to it. New headers, credentials or transport reconnect to the same stream,
   * resuming. A new request option reconnects a running or failed feed. Returns true when it did
   * reconnect, so a caller about to reconnect anyway need not do it twice.
   */
  update(changes: Partial<FeedOptions>): boolean {
    const previous = this.#options;
    const next = applyOptions(previous, changes);
    this.#options = next;
    const newStream = changed(previous, next, 'stream');
    // The EventSource transport listens for the close event by name: there a new one is a new request.
    const newRequest =
      newStream ||
      changed(previous, next, 'request') ||
      (next.transport === 'eventsource' && next.closeEvent !== previous.closeEvent);
    if (newStream) {
      // The old stream is over: nothing of it stays in storage (persist keeps what a reload needs).
      if (previous.persist && this.#url !== '') forgetPersisted(this.#url, this.#env.storage());
      this.#url = ''; // resolved again when the new stream starts; nothing saves under the old one

      this.#held = null;
      this.#finished = false;
      this.#lastEventId = next.lastEventId;
      this.#lastMessageAt = null;
      this.#serverRetry = null;
      this.#attempt = 0;
      this.#restoredFor = null;
      this.#snapshot = null;
    }
    if (next.retryMaxCount !== previous.retryMaxCount) this.#snapshot = null;
    if (next.src === '') {
      if (this.#state !== 'idle') this.#stop('idle');
      return false;
    }
    if (newRequest && (ACTIVE.has(this.#state) || this.#state === 'failed')) {
      this.reconnect();
      return true;
    }
    const waiting = this.#state === 'connecting' || this.#state === 'connected';
    if (waiting && next.stallTimeout !== previous.stallTimeout) this.#watchStall();
    if (this.#state === 'connected' && next.staleAfter !== previous.staleAfter) this.#watchStale();
    if (next.pauseWhenHidden !== previous.pauseWhenHidden && ACTIVE.has(this.#state)) this.#onVisibilityChange();
    return false;
  }

  /** Starts the feed if it is idle, closed or failed; does nothing while it runs. */
  connect(): void {
    if (ACTIVE.has(this.#state)) return;
    // After a give-up or an explicit close the count starts over; from idle it may be restored.
    this.#start(this.#state === 'failed' || this.#state === 'closed');
  }

  /** Drops any connection, resets the attempt count and connects now. */
  reconnect(): void {
    this.#release();
    this.#held = null; // asked for by the page (a person's Retry button): not the server's wait
    this.#start(true);
  }

  /** Stops for good: state `closed`, no retry; every timer, listener and connection is released. */
  close(): void {
    if (this.#state === 'closed') this.#release();
    else this.#stop('closed');
  }

  // ---- Lifecycle --------------------------------------------------------------------------

  #start(resetAttempts: boolean): void {
    if (this.#options.src === '') {
      if (this.#state !== 'idle') this.#stop('idle');
      return;
    }
    this.#url = this.#resolve();
    if (this.#url === '') return;
    this.#listen(true);
    this.#restore();
    if (this.#finished) {
      // A finished stream is not resumed: connecting again asks for it from the start.
      this.#finished = false;
      this.#lastEventId = this.#options.lastEventId;
      this.#snapshot = null;
    }
    if (resetAttempts) this.#attempt = 0;
    if (this.#shouldPause()) {
      this.#pause();
      return;
    }
    if (this.#env.offline()) {
      this.#goOffline();
      return;
    }
    const now = this.#env.now();
    if (this.#retryAt !== null && this.#retryAt > now && !resetAttempts) {
      // Restored from before a reload: keep waiting rather than hammer the server.
      this.#schedule(this.#retryAt - now, this.#error);
      return;
    }
    this.#open();
  }

  #open(): void {
    this.#release(false);
    const generation = ++this.#generation;
    const options = this.#options;
    this.#stable = false;
    // Every callback checks the generation: a listener may close or reconnect the feed at any time.
    const current = (): boolean => generation === this.#generation;
    this.#parser =
      options.transport === 'fetch'
        ? new SseParser((event) => current() && this.#receive(event, current), {
            onRetry: (ms) => (this.#serverRetry = ms),
            onError: (error) => current() && this.#afterBacklog(current, () => this.#callbacks.error?.(error)),
            maxMessageSize: options.maxMessageSize,
            lastEventId: this.#lastEventId,
          })
        : null;
    const request: StreamRequest = {
      url: this.#url,
      method: options.method,
      body: options.body,
      headers: options.headers,
      withCredentials: options.withCredentials,
      lastEventId: this.#lastEventId,
      lastEventIdParam: options.lastEventIdParam,
      events: options.closeEvent === '' ? options.events : [...options.events, options.closeEvent],
      fetch: options.fetch,
    };
    // The error only ever explains retrying or failed; a new attempt starts without one.
    this.#set({ state: 'connecting', error: null, retryDelay: null, retryAt: null });
    if (!current()) return;
    // The stall watch covers the wait for the response too: a server that never answers is stalled.
    this.#lastActivity = this.#env.now();
    this.#watchStall();
    this.#takeSlot();
    try {
      this.#handle = this.#env.openTransport(options.transport, request, this.#sink(current));
    } catch (cause) {
      // Only a synchronous failure of the browser's EventSource constructor lands here.
      this.#fail(feedError('network', describe(cause, 'Could not open the stream.'), true, { reason: 'cannot-open' }), null);
    }
  }

  #sink(current: () => boolean): TransportSink {
    return {
      request: (url, init) => {
        if (!this.#options.debug) return;
        const names = Object.keys(init.headers).filter((name) => name !== 'Accept' && name !== 'Last-Event-ID');
        const resume = init.headers['Last-Event-ID'] === undefined ? '' : `, Last-Event-ID "${init.headers['Last-Event-ID']}"`;
        const idParam = this.#options.lastEventIdParam || (this.#options.transport === 'eventsource' ? 'lastEventId' : '');
        this.#log(`request ${init.method} ${redactQuery(url, idParam)}${resume}${names.length > 0 ? `, headers ${names.join(', ')}` : ''}`);
      },
      response: (status, contentType) => current() && this.#log(`response ${status}${contentType ? ` ${contentType}` : ''}`),
      open: (origin) => current() && this.#opened(origin),
      bytes: (chunk) => {
        if (!current()) return;
        this.#lastActivity = this.#env.now();
        if (chunk.length > PARSE_PIECE) return this.#parseInPieces(chunk, current);
        this.#parser?.push(chunk);
        // A backlog holds the next read back until it is delivered: the server's pace, not ours.
        return this.#draining ?? undefined;
      },
      event: (event, origin) => {
        if (!current()) return;
        this.#lastActivity = this.#env.now();
        this.#origin = origin;
        // The browser buffered the whole message already; the size limit still holds for the page.
        const max = messageSizeLimit(this.#options.maxMessageSize);
        if (event.data.length * 3 > max && utf8Length(event.data) > max) {
          this.#lastEventId = event.lastEventId;
          this.#snapshot = null;
          this.#afterBacklog(current, () => this.#callbacks.error?.(messageTooLarge(max)));
          return;
        }
        this.#receive(event, current);
      },
      // What ends an attempt waits for the messages before it.
      end: () => current() && this.#afterBacklog(current, () => this.#ended()),
      fail: (error, retryAfter, cause) => {
        if (!current()) return;
        if (cause !== undefined) this.#log(`the request failed: ${describe(cause, String(cause))}`);
        this.#afterBacklog(current, () => this.#fail(error, retryAfter));
      },
      close: () => current() && this.#afterBacklog(current, () => this.#stop('closed')),
    };
  }

  /**
   * Parses a large chunk a piece at a time, under the same budget as delivery: a megabyte that arrives
   * at once is parsed over several tasks, not in one.
   */
  async #parseInPieces(chunk: Uint8Array, current: () => boolean): Promise<void> {
    for (let offset = 0; offset < chunk.length; offset += PARSE_PIECE) {
      this.#parser?.push(chunk.subarray(offset, offset + PARSE_PIECE));
      if (this.#draining) {
        await this.#draining;
      } else if (!this.#env.hasTime()) {
        await nextTask();
        openSlice();
      }
      if (!current()) return;
    }
  }

  /**
   * Dispatches `event` now if this task still has delivery time and nothing waits before it; else
   * queues it and starts draining the queue in later tasks (order kept, nothing dropped).
   */
  #receive(event: ParsedEvent, current: () => boolean): void {
    if (this.#draining === null && this.#env.hasTime()) {
      this.#deliver(event, current);
      return;
    }
    this.#backlog.push(event);
    this.#draining ??= this.#drain(current);
  }

  async #drain(current: () => boolean): Promise<void> {
    const backlog = this.#backlog;
    let next = 0;
    try {
      // The fetch transport reads no further while this runs; EventSource cannot be held back.
      const ahead = this.#options.transport === 'eventsource';
      while (next < backlog.length) {
        await (ahead ? nextTaskAhead() : nextTask());
        if (!current()) return;
        openSlice();
        // Delivering late is not the server being silent: the stall watch must not count it.
        this.#lastActivity = this.#env.now();
        do {
          this.#deliver(backlog[next++], current);
          if (!current()) return;
        } while (next < backlog.length && this.#env.hasTime());
      }
    } finally {
      if (this.#backlog === backlog) {
        this.#backlog = [];
        this.#draining = null;
      }
    }
  }

  /** Runs `then` once every message received before it was dispatched (at once when none waits). */
  #afterBacklog(current: () => boolean, then: () => void): void {
    if (this.#draining === null) then();
    else void this.#draining.then(() => current() && then());
  }

  #opened(origin: string): void {
    this.#origin = origin;
    this.#lastActivity = this.#env.now();
    // Timers first: a state listener that closes the feed must find them to release.
    this.#connectedAt = this.#lastActivity;
    this.#held = null;
    this.#startTimer('stable', this.#env.stableAfter, () => this.#becomeStable());
    this.#watchStall();
    this.#watchStale();
    this.#set({ state: 'connected', error: null, retryDelay: null, retryAt: null });
  }

  /** Dispatches one event; `current` tells whether a listener has since closed or restarted the feed. */
  #deliver(event: ParsedEvent, current: () => boolean): void {
    this.#lastEventId = event.lastEventId;
    this.#snapshot = null;
    const message: FeedMessage = { type: event.type, data: event.data, lastEventId: event.lastEventId, origin: this.#origin };
    let valid = true;
    if (this.#options.json) {
      try {
        message.json = JSON.parse(event.data);
      } catch {
        valid = false;
        this.#callbacks.error?.(feedError('parse', 'A message was not valid JSON and was skipped.', false));
      }
    }
    if (valid) {
      this.#messages += 1;
      this.#lastMessageAt = this.#lastActivity;
      if (!this.#stable) this.#becomeStable();
      if (this.#stale) this.#freshen();
      try {
        this.#callbacks.message?.(message);
      } catch (error) {
        // A listener's bug is the page's to see, not a reason to drop the stream or the next message.
        reportError(error);
      }
    }
    // The stream's own way of saying it is finished: after the message, not instead of it.
    if (event.type === this.#options.closeEvent && current()) {
      this.#log(`"${event.type}" is the close event: closing`);
      this.#finished = true;
      this.#stop('closed');
    }
  }

  /** The server ended an open stream cleanly: reconnect, or the stream is finished, per `streamEnd`. */
  #ended(): void {
    const { streamEnd, method } = this.#options;
    const finished = streamEnd === 'close' || (streamEnd !== 'reconnect' && method !== 'GET');
    if (finished) {
      this.#log('the server ended the stream: it is finished, closing');
      this.#finished = true;
      this.#stop('closed');
    } else {
      this.#fail(feedError('network', 'The server ended the stream.', false, { reason: 'ended' }), null);
    }
  }

  #becomeStable(): void {
    this.#stable = true;
    this.#clearTimer('stable');
    if (this.#attempt !== 0) this.#set({ attempt: 0 });
  }

  /**
   * An attempt failed: give up when the error is fatal or the retries are spent, wait without
   * spending an attempt while offline, else schedule the next attempt. The state changes first, so
   * an `error` listener that reads `status` sees where the feed is going.
   */
  #fail(error: FeedError, retryAfter: number | null): void {
    this.#release(false);
    if (!error.fatal && this.#env.offline()) {
      this.#goOffline();
      return;
    }
    let outcome = error;
    if (!error.fatal) {
      this.#attempt += 1;
      if (!shouldRetry(this.#attempt, this.#policy().maxCount)) {
        outcome = Object.freeze({ ...error, fatal: true });
      }
    }
    this.#log(`error ${outcome.kind}${outcome.status === undefined ? '' : ` ${outcome.status}`}${outcome.fatal ? ', giving up' : ''}: ${outcome.message}`);
    if (outcome.fatal) {
      this.#finish('failed', outcome);
    } else {
      const policy = this.#policy();
      const backoff = jitterDelay(backoffDelay(this.#attempt, policy, this.#serverRetry), policy.jitter, this.#env.random);
      const delay = retryWait(backoff, retryAfter, policy);
      // What the server asked for is kept through a hidden page or a network outage.
      this.#held = retryAfter === null ? null : { until: this.#env.now() + Math.min(delay, retryAfter), error: outcome };
      this.#schedule(delay, outcome, retryAfter);
    }
    this.#callbacks.error?.(outcome);
  }

  #schedule(delay: number, error: FeedError | null, retryAfter: number | null = null): void {
    this.#startTimer('retry', delay, () => {
      this.#timers.delete('retry');
      if (this.#env.offline()) this.#goOffline();
      else this.#open();
    });
    this.#set({ state: 'retrying', error, retryDelay: delay, retryAt: this.#env.now() + delay });
    if (this.#options.debug) {
      const asked = retryAfter === null ? '' : ` (the server's Retry-After asked for ${describeDuration(retryAfter)})`;
      this.#log(`retry ${this.#attempt} of ${this.#policy().maxCount} in ${describeDuration(delay)}${asked}`);
    }
  }

  /** Waits for the `online` event; no attempt is spent while the device is offline. */
  #goOffline(): void {
    this.#release(false);
    const error = feedError('offline', 'The device is offline.', false);
    this.#log('error offline: waiting for the network');
    this.#set({ state: 'retrying', error, retryDelay: null, retryAt: null });
    this.#callbacks.error?.(error);
  }

  /** Ends the feed in `failed` (with the error) or `closed`, releasing everything. */
  #finish(state: 'failed' | 'closed' | 'idle', error: FeedError | null): void {
    this.#release();
    this.#set({ state, error, retryDelay: null, retryAt: null });
    // Giving up ends the run of attempts: a reload after `failed` tries afresh, resuming the id. A
    // closed or idle feed is done with its stream: nothing of it stays in storage.
    if (state === 'failed') this.#save();
    else if (this.#options.persist && this.#url !== '') forgetPersisted(this.#url, this.#env.storage());
    this.#held = null;
  }

  #stop(state: 'idle' | 'closed'): void {
    this.#finish(state, null);
  }

  /**
   * Releases the connection and the timers; with `everything`, the global listeners too, and the
   * resume point is saved one last time.
   */
  #release(everything = true): void {
    this.#generation += 1;
    this.#handle?.abort();
    this.#handle = null;
    this.#releaseSlot();
    this.#backlog = [];
    this.#draining = null;
    this.#parser?.end();
    this.#parser = null;
    for (const handle of this.#timers.values()) this.#env.clearTimeout(handle);
    this.#timers.clear();
    if (everything) {
      if (this.#stopListening) this.#save();
      this.#listen(false);
    }
  }

  // ---- Timers -----------------------------------------------------------------------------

  /**
   * Runs `run` after `ms` (through {@link clampDelay}; `Infinity` never). A delay longer than one timer
   * can take is waited in several, so it never fires early.
   */
  #startTimer(name: Timer, ms: number, run: () => void): void {
    this.#clearTimer(name);
    const delay = clampDelay(ms);
    if (delay === Infinity) return;
    const due = this.#env.now() + delay;
    const arm = (wait: number): void => {
      const capped = wait > MAX_TIMER_DELAY;
      this.#timers.set(
        name,
        this.#env.setTimeout(() => {
          const left = due - this.#env.now();
          if (capped && left > 0) arm(left);
          else run();
        }, capped ? MAX_TIMER_DELAY : wait),
      );
    };
    arm(delay);
  }

  #clearTimer(name: Timer): void {
    const handle = this.#timers.get(name);
    if (handle === undefined) return;
    this.#env.clearTimeout(handle);
    this.#timers.delete(name);
  }

  /** Checks for silence once per `stallTimeout`, not once per chunk: chunks only note the time. */
  #watchStall(): void {
    const timeout = this.#options.stallTimeout;
    if (!(timeout > 0)) {
      this.#clearTimer('stall');
      return;
    }
    const check = (): void => {
      const silent = this.#env.now() - this.#lastActivity;
      if (silent < timeout) {
        this.#startTimer('stall', timeout - silent, check);
        return;
      }
      this.#timers.delete('stall');
      this.#fail(feedError('stall', `No data for ${describeDuration(timeout)}.`, false, { timeout }), null);
    };
    this.#startTimer('stall', Math.max(0, timeout - (this.#env.now() - this.#lastActivity)), check);
  }

  /**
   * While connected, turns `stale` on once no message was dispatched for `staleAfter` ms. Like the
   * stall watch it wakes once per period, not per message: messages only note their time.
   */
  #watchStale(): void {
    const after = this.#options.staleAfter;
    if (!(after > 0) || this.#stale) {
      this.#clearTimer('stale');
      return;
    }
    const quiet = (): number => this.#env.now() - Math.max(this.#connectedAt, this.#lastMessageAt ?? 0);
    const check = (): void => {
      const silent = quiet();
      if (silent < after) {
        this.#startTimer('stale', after - silent, check);
        return;
      }
      this.#timers.delete('stale');
      this.#log(`stale: no message for ${describeDuration(silent)}`);
      this.#set({ stale: true });
    };
    this.#startTimer('stale', Math.max(0, after - quiet()), check);
  }

  /** A message arrived on a stale feed. */
  #freshen(): void {
    this.#log('fresh: a message arrived');
    this.#set({ stale: false });
    this.#watchStale();
  }

  // ---- Browser signals --------------------------------------------------------------------

  #listen(on: boolean): void {
    if (on === (this.#stopListening !== null)) return;
    if (on) {
      this.#stopListening = this.#env.listen({
        online: this.#onOnline,
        offline: this.#onOffline,
        pagehide: this.#onPageHide,
        visibilitychange: this.#onVisibilityChange,
      });
    } else {
      this.#stopListening?.();
      this.#stopListening = null;
    }
  }

  readonly #onOnline = (): void => {
    // A network that is back is worth trying at once, unless the server asked for a wait.
    const kind = this.#error?.kind;
    if (this.#state === 'retrying' && (kind === 'offline' || kind === 'network')) this.#resume();
  };

  readonly #onOffline = (): void => {
    if (this.#state === 'retrying' && this.#error?.kind === 'offline') return; // already waiting for the network
    if (this.#state === 'connecting' || this.#state === 'connected' || this.#state === 'retrying') this.#goOffline();
  };

  readonly #onPageHide = (): void => this.#save();

  // Listeners only exist while the feed runs, so the state here is always an active one.
  readonly #onVisibilityChange = (): void => {
    if (this.#shouldPause()) {
      if (this.#state !== 'paused') this.#pause();
    } else if (this.#state === 'paused') {
      if (this.#env.offline()) this.#goOffline();
      else this.#resume();
    }
  };

  /**
   * Connects now that nothing in the browser stands in the way (visible again, online again), unless
   * the server asked for a wait that has not run out: that wait goes on.
   */
  #resume(): void {
    const held = this.#held;
    const left = held === null ? 0 : held.until - this.#env.now();
    if (held !== null && left > 0) {
      this.#log('the server asked for a longer wait (Retry-After): keeping it');
      this.#schedule(left, held.error);
    } else {
      this.#open();
    }
  }

  #shouldPause(): boolean {
    return this.#options.pauseWhenHidden && this.#env.hidden();
  }

  /** Closes the connection while the page is hidden; it reopens, resuming, when the page shows. */
  #pause(): void {
    this.#release(false);
    this.#set({ state: 'paused', error: null, retryDelay: null, retryAt: null });
  }

  // ---- Connection slots -------------------------------------------------------------------

  /** Counts this attempt's stream for its origin, and says (with `debug`) when it must wait for a slot. */
  #takeSlot(): void {
    const origin = originOf(this.#url);
    const open = (openStreams.get(origin) ?? 0) + 1;
    openStreams.set(origin, open);
    this.#slotOrigin = origin;
    if (open > CONNECTIONS_PER_HOST && this.#options.debug && !multiplexed(origin)) {
      this.#log(
        `${open - 1} other streams to ${origin} are open in this page: over HTTP/1.1 a browser opens at most ` +
          `${CONNECTIONS_PER_HOST} connections per host, so this request (and every other request to that host) ` +
          'waits until one closes. share="page" puts feeds with the same src on one connection; an HTTP/2 server ' +
          'has no such limit; stall-timeout bounds the wait.',
      );
    }
  }

  #releaseSlot(): void {
    const origin = this.#slotOrigin;
    if (origin === null) return;
    this.#slotOrigin = null;
    const open = (openStreams.get(origin) ?? 1) - 1;
    if (open > 0) openStreams.set(origin, open);
    else openStreams.delete(origin);
  }

  // ---- Helpers ----------------------------------------------------------------------------

  #set(changes: Partial<Omit<FeedStatus, 'messages' | 'lastEventId' | 'retryMaxCount' | 'lastMessageAt'>>): void {
    if (changes.state !== undefined && changes.state !== this.#state) {
      this.#log(`state ${this.#state} → ${changes.state}`);
      this.#state = changes.state;
    }
    if (changes.stale !== undefined) this.#stale = changes.stale;
    if (this.#state !== 'connected') this.#stale = false;
    if (changes.attempt !== undefined) this.#attempt = changes.attempt;
    if (changes.retryDelay !== undefined) this.#retryDelay = changes.retryDelay;
    if (changes.retryAt !== undefined) this.#retryAt = changes.retryAt;
    if (changes.error !== undefined) this.#error = changes.error;
    this.#snapshot = null;
    if (this.#options.persist && this.#stopListening) this.#save();
    this.#callbacks.status?.(this.status);
  }

  /** One `debug` line: `[sse-feed] #id text` (the `src`, query values hidden, without a name). Nothing without `debug`. */
  #log(text: string): void {
    if (!this.#options.debug) return;
    console.debug(`[sse-feed] ${this.#options.name || redactQuery(this.#options.src, '')} ${text}`);
  }

  #policy(): RetryPolicy {
    const o = this.#options;
    return {
      interval: nonNegative(o.retryInterval, DEFAULT_RETRY_POLICY.interval),
      scaler: nonNegative(o.retryScaler, DEFAULT_RETRY_POLICY.scaler),
      maxWait: nonNegative(o.retryMaxWait, DEFAULT_RETRY_POLICY.maxWait),
      maxCount: retryMaxCount(o.retryMaxCount),
      jitter: nonNegative(o.retryJitter, DEFAULT_RETRY_POLICY.jitter),
    };
  }

  /** Resolves `src` to an absolute http(s) URL, or fails the feed with a clear message. */
  #resolve(): string {
    const resolved = resolveStreamUrl(this.#options.src, this.#options.baseURL);
    if ('problem' in resolved) {
      this.#giveUp(feedError('network', resolved.problem, true, { reason: 'invalid-url' }));
      return '';
    }
    return resolved.url;
  }

  /** Fails for good before any request, telling error listeners as a failed attempt would. */
  #giveUp(error: FeedError): void {
    this.#finish('failed', error);
    this.#callbacks.error?.(error);
  }

  #restore(): void {
    if (!this.#options.persist || this.#restoredFor === this.#url) return;
    this.#restoredFor = this.#url;
    const saved = loadPersisted(this.#url, this.#env.storage());
    if (!saved) return;
    this.#lastEventId = saved.lastEventId;
    this.#attempt = saved.attempt;
    this.#retryAt = saved.retryAt;
    this.#serverRetry = saved.serverRetry;
    this.#error = saved.retryAt === null ? null : saved.error; // the cause of the wait #start resumes
    this.#snapshot = null;
  }

  #save(): void {
    if (!this.#options.persist || this.#url === '') return;
    savePersisted(this.#url, {
      lastEventId: this.#lastEventId,
      attempt: this.#state === 'failed' ? 0 : this.#attempt,
      retryAt: this.#state === 'retrying' ? this.#retryAt : null,
      serverRetry: this.#serverRetry,
      error: this.#state === 'retrying' ? this.#error : null,
    }, this.#env.storage());
  }
}

/** The largest message `maxMessageSize` allows: the parser's rule (1 MiB when not positive). */
function messageSizeLimit(max: number): number {
  return max > 0 ? max : DEFAULT_FEED_OPTIONS.maxMessageSize;
}

/**
 * True when the page itself came over HTTP/2 or HTTP/3 from `origin`: requests to it share one
 * connection, with no per-host limit. Unknown (another origin, no Navigation Timing) is false.
 */
function multiplexed(origin: string): boolean {
  if (globalThis.location?.origin !== origin) return false;
  const [navigation] = (globalThis.performance?.getEntriesByType?.('navigation') ?? []) as PerformanceNavigationTiming[];
  return /^(h2|h3)/.test(navigation?.nextHopProtocol ?? '');
}

/**
 * `url` with the value of every query parameter but `keep` shown as `…`: a query may carry a token,
 * and debug lines end up in bug reports.
 */
function redactQuery(url: string, keep: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const hash = url.indexOf('#', query);
  const search = url.slice(query + 1, hash === -1 ? undefined : hash);
  const shown = search
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return equals === -1 || decodeURIComponent(name) === keep ? pair : `${name}=…`;
    })
    .join('&');
  return `${url.slice(0, query)}?${shown}`;
}

/** Reports an exception as an uncaught one would be, without unwinding the engine. */
function reportError(error: unknown): void {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else console.error(error);
}


function nonNegative(value: number, fallback: number): number {
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** "300 ms", "1.5 s", "30 s": a timeout in words for an error message. */
function describeDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}

function describe(cause: unknown, fallback: string): string {
  return cause instanceof Error && cause.message ? cause.message : fallback;
}

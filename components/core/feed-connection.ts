// The shell of one feed: holds the core's model, the transport and the timers, and runs the core's effects.

import { createDelivery, type DeliveryScheduler } from './delivery.js';
import { DEFAULT_FEED_OPTIONS, applyOptions, type FeedOptions } from './options.js';
import { missing } from './on-demand.js';
import { SseParser } from './parser.js';
import { clampDelay, MAX_TIMER_DELAY, STABLE_AFTER } from './retry.js';
import { counted, initialModel, plainMessage, SIGNALS, statusOf, step, type Effect, type Input, type Model, type Signal, type StepContext, type Timer } from './step.js';
import { openTransport, type StreamRequest, type TransportHandle, type TransportSink } from './transport.js';
import { feedError, type FeedError, type FeedGap, type FeedMessage, type FeedStatus, type FeedTransport, type ParsedEvent } from './types.js';
import { defaultBaseURL } from './url.js';

/** Where a feed reports; every callback is optional. */
export interface FeedCallbacks {
  /** A new status snapshot: every change of state, attempt, retry schedule or error. */
  status?(status: FeedStatus): void;
  /** A dispatched message. */
  message?(message: FeedMessage): void;
  /** A failed attempt or a message-level error (`parse`, `too-large`). */
  error?(error: FeedError): void;
  /** A replay gap: the server no longer held the events after the id the feed resumed from. */
  gap?(gap: FeedGap): void;
}

/**
 * The browser's signals a feed reacts to, each called with its event: online, offline, visibilitychange,
 * pagehide and pageshow (`persisted`: the back/forward cache), freeze and resume (Page Lifecycle).
 */
export type FeedSignals = Record<Signal, (event?: Partial<PageTransitionEvent>) => void>;

/** Streams open (or being opened) per origin, for the `debug` warning about the browser's connection limit. */
export interface ConnectionSlots {
  /** Counts a stream to `origin`; returns how many are open to it now, this one included. */
  take(origin: string): number;
  release(origin: string): void;
}

/**
 * Everything a feed takes from the world around it: clock, randomness, timers, the transports, the
 * network and visibility signals, storage, delivery scheduling, logging and the stability window. The
 * browser's by default; a test replaces any of them (a fake clock and a scripted transport make timing
 * tests take milliseconds).
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
  /** Starts listening to online, offline, pagehide, pageshow, visibilitychange, freeze and resume; returns what stops it. */
  listen(signals: FeedSignals): () => void;
  /** Where `persist` keeps its state: `sessionStorage`, or null where there is none. */
  storage(): Storage | null;
  /** Ms a connection must stay open, without an event, before it counts as stable. */
  stableAfter: number;
  /** True while the current task may go on delivering messages (the shared delivery budget). */
  hasTime(): boolean;
  /** When and how a backlog of messages is delivered (one scheduler, one budget, for every feed of the realm). */
  delivery?: DeliveryScheduler;
  /** Streams open per origin: only a feed with `debug` counts (it says when one must wait); the page's by default. */
  slots?: ConnectionSlots;
  /** Writes one `debug` line (`console.debug`). */
  log?(text: string): void;
  /** Reports a listener's exception as an uncaught one would be, without unwinding the feed. */
  reportError?(error: unknown): void;
  /** The base a relative `src` resolves against when the options give no `baseURL`. */
  baseURL?(): string | undefined;
}

/** What `persist` needs, a module of its own: only a feed with `persist` on loads it; null when its file did not load. */
type Persistence = typeof import('./persist.js');
let persistence: Persistence | null | undefined;
let loadingPersistence: Promise<Persistence | null> | undefined;

/**
 * Loads what `persist` needs; a feed does it the first time it has `persist`, and what it is asked
 * meanwhile waits for it, in order, so its first request already resumes from the saved id. When its
 * file does not load, the feed goes on without `persist` (and a console warning says why).
 */
export function loadPersistence(): Promise<Persistence | null> {
  return (loadingPersistence ??= import('./persist.js').catch(missing('persist')).then((module) => (persistence = module)));
}

/** The words of `debug`, a module of their own: only a feed with `debug` on loads them (once, for every feed); null when their file did not load. */
type DebugWords = typeof import('./debug.js');
let loadingWords: Promise<DebugWords | null> | undefined;

const delivery = /* @__PURE__ */ createDelivery();

const defaultEnvironment: Required<Omit<FeedEnvironment, 'slots'>> & Pick<FeedEnvironment, 'slots'> = {
  now: Date.now,
  random: Math.random,
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  openTransport,
  offline: () => globalThis.navigator?.onLine === false,
  hidden: () => globalThis.document?.hidden === true,
  listen(signals) {
    // Absent in Node and workers without these events: the feed then simply does not react to them.
    const target = (type: Signal): Partial<EventTarget> | undefined =>
      // visibilitychange, freeze and resume are the document's; the others, the window's.
      /^[vfr]/.test(type) ? globalThis.document : (globalThis as Partial<EventTarget>);
    for (const type of SIGNALS) target(type)?.addEventListener?.(type, signals[type]);
    return () => {
      for (const type of SIGNALS) target(type)?.removeEventListener?.(type, signals[type]);
    };
  },
  storage() {
    try {
      return globalThis.sessionStorage ?? null; // reading it throws where storage is blocked
    } catch {
      return null;
    }
  },
  stableAfter: STABLE_AFTER,
  hasTime: () => delivery.hasTime(),
  delivery,
  log: (text) => console.debug(text),
  // Absent in Node: there the error is logged.
  reportError: (error) => (globalThis.reportError ?? console.error)(error),
  baseURL: defaultBaseURL,
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

/** Bytes of a chunk parsed at once: a larger chunk is parsed in pieces, between which the page may run. */
const PARSE_PIECE = 65_536;


/**
 * One feed, without any DOM element: give it options and callbacks, call `connect()`, and it keeps
 * the stream alive as the retry policy says until `close()`. All timers and global listeners it
 * creates live between `connect()` and `close()` (or the end of the stream) and no longer.
 *
 * The decisions are the pure core's (`step`); this shell holds its model, the transport, the parser,
 * the undelivered messages and the timers, and runs the effects the core asks for.
 */
export class FeedConnection implements FeedHandle {
  readonly #callbacks: FeedCallbacks;
  readonly #env: typeof defaultEnvironment;
  readonly #context: StepContext;
  /** The model of the last step: with the plain messages since, the feed's model (see {@link #settled}). */
  #model: Model;
  /** Plain messages told since the last step (see `plainMessage`), the last of them, and when it came. */
  #plain = 0;
  #last!: FeedMessage;
  #lastAt = 0;

  #handle: TransportHandle | null = null;
  /** Numbers the attempts: the sink of an aborted one falls silent. */
  #generation = 0;
  #parser: SseParser | null = null;
  #lastActivity = 0; // when the last bytes (or, EventSource, the last event) arrived
  #timers = new Map<Timer, unknown>();
  #stopListening: (() => void) | null = null;
  /**
   * Events parsed but not yet dispatched, because the current task used its delivery budget: each event
   * followed by its origin (EventSource's; undefined for fetch), so that a backlog allocates nothing per event.
   */
  #backlog: Array<ParsedEvent | string | undefined> = [];
  #draining: Promise<void> | null = null;
  /** Where this attempt's stream is counted (with `debug` only): what to release when it ends. */
  #slot: (() => void) | null = null;
  #queue: Input[] = [];
  /** Inputs that wait for what `persist` needs to load. */
  #waiting: Input[] | null = null;
  #stepping = false;
  #reconnected = false;

  constructor(options: Partial<FeedOptions> = {}, callbacks: FeedCallbacks = {}, env: Partial<FeedEnvironment> = {}) {
    this.#model = initialModel(applyOptions(DEFAULT_FEED_OPTIONS, options));
    this.#callbacks = callbacks;
    const world = (this.#env = { ...defaultEnvironment, ...env });
    // The world's clock, randomness, network, visibility, stability window and base URL, and the feed's own readings.
    this.#context = {
      ...world,
      lastActivity: () => this.#lastActivity,
      load: (url) => persistence?.loadPersisted(url, world.storage()) ?? null,
    };
  }

  /** The current status, an immutable snapshot (a new object whenever anything in it changed). */
  get status(): FeedStatus {
    return statusOf(this.#settled());
  }

  /** The options in force. */
  get options(): Readonly<FeedOptions> {
    return this.#model.options;
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
    this.#reconnected = false;
    this.dispatch({ kind: 'options', changes });
    return this.#reconnected;
  }

  /** Starts the feed if it is idle, closed or failed; does nothing while it runs. */
  connect(): void {
    this.dispatch({ kind: 'connect' });
  }

  /** Drops any connection, resets the attempt count and connects now. */
  reconnect(): void {
    this.dispatch({ kind: 'reconnect' });
  }

  /** Stops for good: state `closed`, no retry; every timer, listener and connection is released. */
  close(): void {
    this.dispatch({ kind: 'close' });
  }

  /**
   * Runs `input` through the core to completion: the new model is committed, then its effects run,
   * then the listeners are called. An input that arrives while the core steps or effects run (a
   * transport that answers at once) waits its turn; one that a listener causes runs at once.
   */
  dispatch(input: Input): void {
    if (this.#waiting) return void this.#waiting.push(input);
    if (persistence === undefined && (this.#model.options.persist || (input.kind === 'options' && input.changes.persist))) {
      this.#waiting = [input];
      void loadPersistence().then(() => {
        const inputs = this.#waiting ?? [];
        this.#waiting = null;
        for (const next of inputs) this.dispatch(next);
      });
      return;
    }
    if (this.#stepping) {
      this.#queue.push(input);
      return;
    }
    this.#stepping = true;
    const told: Array<() => void> = [];
    try {
      for (let next: Input | undefined = input; next !== undefined; next = this.#queue.shift()) {
        const { model, effects } = step(this.#settled(), next, this.#context);
        this.#model = model;
        for (const effect of effects) this.#run(effect, told);
      }
    } finally {
      this.#stepping = false;
    }
    for (const tell of told) tell();
  }

  /** The feed's model: the last step's, with the counts of the plain messages since, folded in once. */
  #settled(): Model {
    if (this.#plain) {
      this.#model = counted(this.#model, this.#plain, this.#last, this.#lastAt);
      this.#plain = 0;
    }
    return this.#model;
  }

  /** Calls the listener `kind` with `value`; a listener's exception is reported, not thrown. */
  #tell(kind: keyof FeedCallbacks, value: unknown): void {
    try {
      (this.#callbacks[kind] as ((value: unknown) => void) | undefined)?.(value);
    } catch (error) {
      // A listener's bug is the page's to see, not a reason to drop the stream or the next message.
      this.#env.reportError(error);
    }
  }

  #run(effect: Effect, told: Array<() => void>): void {
    switch (effect.kind) {
      case 'open':
        return this.#open(effect.request);
      case 'release':
        return this.#release();
      case 'arm':
        return this.#arm(effect.timer, effect.ms);
      case 'listen':
        return this.#listen(effect.on);
      case 'save':
        return persistence?.savePersisted(effect.model, this.#env.storage());
      case 'forget':
        return persistence?.forgetPersisted(effect.url, this.#env.storage());
      case 'log':
        return this.#say((words) => words.describeLine(effect.line));
      case 'reconnected':
        this.#reconnected = true;
        return;
      case 'status':
      case 'error':
      case 'message':
      case 'gap': {
        // Each of these effects carries its value under its own kind, as the callback of that name takes it.
        const { kind } = effect;
        const value: unknown = (effect as Record<string, unknown>)[kind];
        return void told.push(() => this.#tell(kind, value));
      }
      case 'closing': {
        const generation = this.#generation;
        return void told.push(() => generation === this.#generation && this.dispatch({ kind: 'close-event', type: effect.type }));
      }
      default:
        effect satisfies never;
    }
  }

  // ---- The attempt ------------------------------------------------------------------------

  #open(request: StreamRequest): void {
    const generation = ++this.#generation;
    const { options } = this.#model;
    // Every report of the transport checks the generation: the attempt may have been released since.
    const current = (): boolean => generation === this.#generation;
    this.#parser =
      options.transport === 'fetch'
        ? new SseParser((event) => current() && this.#receive(event, current), {
            onRetry: (ms) => this.dispatch({ kind: 'server-retry', ms }),
            onError: (error) => current() && this.#afterBacklog(current, { kind: 'message-error', error }),
            maxMessageSize: options.maxMessageSize,
            lastEventId: request.lastEventId,
          })
        : null;
    this.#lastActivity = this.#env.now();
    // With `debug`, counts this attempt's stream for its origin and says when it must wait for one of the browser's
    // connections to that host; nothing is counted without `debug`, which alone would say it.
    this.#say((words) => (current() ? words.takeSlot(request.url, this.#env.slots, (release) => (this.#slot = release)) : ''));
    try {
      this.#handle = this.#env.openTransport(options.transport, request, this.#sink(current));
    } catch (cause) {
      // Only a synchronous failure of the browser's EventSource constructor lands here.
      this.dispatch({ kind: 'failed', error: feedError('network', String(cause), true, { reason: 'cannot-open' }), retryAfter: null });
    }
  }

  #sink(current: () => boolean): TransportSink {
    // What the attempt says is news of the server (the stall watch counts from it) while it is the current one.
    const heard = (): boolean => current() && ((this.#lastActivity = this.#env.now()), true);
    return {
      request: (url, init) => this.#say((words) => words.describeRequest(url, init, this.#model.options)),
      response: (status, contentType) => current() && this.#say((words) => words.describeResponse(status, contentType)),
      open: (origin, resumedFrom) => heard() && this.dispatch({ kind: 'opened', origin, resumedFrom }),
      bytes: (chunk) => {
        if (!heard()) return;
        if (chunk.length > PARSE_PIECE) return this.#parseInPieces(chunk, current);
        this.#parser?.push(chunk);
        // A backlog holds the next read back until it is delivered: the server's pace, not ours.
        return this.#draining ?? undefined;
      },
      event: (event, origin) => heard() && this.#receive(event, current, origin),
      dropped: (lastEventId, error) => heard() && this.#afterBacklog(current, { kind: 'dropped', lastEventId, error }),
      // What ends an attempt waits for the messages before it.
      end: () => current() && this.#afterBacklog(current, { kind: 'ended' }),
      fail: (error, retryAfter, cause) => {
        if (!current()) return;
        if (cause !== undefined) this.#say((words) => words.describeCause(cause));
        this.#afterBacklog(current, { kind: 'failed', error, retryAfter });
      },
      close: () => current() && this.#afterBacklog(current, { kind: 'stopped' }),
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
        await this.#env.delivery.nextTask();
        this.#env.delivery.openSlice();
      }
      if (!current()) return;
    }
  }

  /**
   * Dispatches `event` now if this task still has delivery time and nothing waits before it; else
   * queues it and starts draining the queue in later tasks (order kept, nothing dropped).
   */
  #receive(event: ParsedEvent, current: () => boolean, origin?: string): void {
    if (this.#draining === null && this.#env.hasTime()) return this.#take(event, origin);
    this.#backlog.push(event, origin);
    this.#draining ??= this.#drain(current);
  }

  /**
   * Dispatches one event. A plain message (`plainMessage`: it moves nothing but the counts) is told at once and
   * tallied, with no step; any other event, or one that arrives while the feed steps or waits, takes its step.
   */
  #take(event: ParsedEvent, origin?: string): void {
    const message = this.#stepping || this.#waiting ? null : plainMessage(this.#model, event, origin);
    if (!message) return this.dispatch({ kind: 'event', event, origin });
    this.#plain += 1;
    this.#last = message;
    this.#lastAt = this.#lastActivity;
    this.#tell('message', message);
  }

  async #drain(current: () => boolean): Promise<void> {
    const backlog = this.#backlog;
    const { delivery } = this.#env;
    let next = 0;
    try {
      // The fetch transport reads no further while this runs; EventSource cannot be held back.
      const ahead = this.#model.options.transport === 'eventsource';
      while (next < backlog.length) {
        await (ahead ? delivery.nextTaskAhead() : delivery.nextTask());
        if (!current()) return;
        delivery.openSlice();
        // Delivering late is not the server being silent: the stall watch must not count it.
        this.#lastActivity = this.#env.now();
        do {
          this.#take(backlog[next] as ParsedEvent, backlog[next + 1] as string | undefined);
          next += 2;
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

  /** Dispatches `input` once every message received before it was dispatched (at once when none waits). */
  #afterBacklog(current: () => boolean, input: Input): void {
    if (this.#draining === null) this.dispatch(input);
    else void this.#draining.then(() => current() && this.dispatch(input));
  }

  #release(): void {
    this.#generation += 1;
    this.#handle?.abort();
    this.#handle = null;
    this.#slot?.();
    this.#slot = null;
    this.#backlog = [];
    this.#draining = null;
    this.#parser?.end();
    this.#parser = null;
    for (const handle of this.#timers.values()) this.#env.clearTimeout(handle);
    this.#timers.clear();
  }

  // ---- Timers and signals -----------------------------------------------------------------

  /**
   * Tells the core about `timer` after `ms` (through {@link clampDelay}; `Infinity` never). A delay
   * longer than one timer can take is waited in several, so it never fires early.
   */
  #arm(timer: Timer, ms: number): void {
    const timers = this.#timers;
    this.#env.clearTimeout(timers.get(timer));
    timers.delete(timer);
    const delay = clampDelay(ms);
    if (delay === Infinity) return;
    const due = this.#env.now() + delay;
    const arm = (wait: number): void => {
      const capped = wait > MAX_TIMER_DELAY;
      this.#timers.set(
        timer,
        this.#env.setTimeout(() => {
          const left = due - this.#env.now();
          if (capped && left > 0) return arm(left);
          this.#timers.delete(timer);
          this.dispatch({ kind: 'timer', timer });
        }, capped ? MAX_TIMER_DELAY : wait),
      );
    };
    arm(delay);
  }

  #listen(on: boolean): void {
    // The core asks for each only once: on at the start of a run, off at its end.
    if (on) {
      const signals = {} as FeedSignals;
      for (const kind of SIGNALS) signals[kind] = (event) => this.dispatch({ kind, persisted: event?.persisted });
      this.#stopListening = this.#env.listen(signals);
    } else {
      this.#stopListening?.();
      this.#stopListening = null;
    }
  }

  // ---- Debug ------------------------------------------------------------------------------

  /**
   * One `debug` line, `[sse-feed] #id text` (the `src`, query values hidden, without a name); nothing
   * without `debug`. The words load with the first line; every line waits on that one promise, whose
   * reactions run in the order they were asked for, so the lines keep their order.
   */
  #say(line: (words: DebugWords) => string): void {
    const { debug, name, src } = this.#model.options;
    if (debug) {
      // Every line waits on the words' one promise, so lines keep their order; if their file did not load
      // (null), the feed goes on without debug lines.
      void (loadingWords ??= import('./debug.js').catch(missing('debug'))).then((words) => {
        if (!words) return;
        const text = line(words);
        if (text !== '') this.#env.log(words.prefixed(name, src, text));
      });
    }
  }
}


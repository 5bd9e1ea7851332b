// The pure core of a feed: step(model, input, context) gives the next model and the effects to run, as data.

import { applyOptions, changed, type FeedOptions } from './options.js';
import type { PersistedFeed } from './persist.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, jitterDelay, retryMaxCount, retryWait, type RetryPolicy } from './retry.js';
import type { StreamRequest } from './transport.js';
import { feedError, type FeedError, type FeedGap, type FeedMessage, type FeedState, type FeedStatus, type ParsedEvent } from './types.js';
import { resolveStreamUrl } from './url.js';

/** Everything the core knows of one feed; never mutated (each step makes a new one). */
export interface Model {
  readonly options: FeedOptions;
  readonly state: FeedState;
  readonly attempt: number;
  readonly retryDelay: number | null;
  readonly retryAt: number | null;
  readonly error: FeedError | null;
  readonly messages: number;
  readonly stale: boolean;
  readonly lastMessageAt: number | null;
  readonly lastEventId: string;
  /** The server's last `retry:` value, in ms. */
  readonly serverRetry: number | null;
  /** The resolved src of the stream, `""` before it starts (or when it does not resolve). */
  readonly url: string;
  /** The url whose saved state was read (`persist`): read once per stream. */
  readonly restoredFor: string | null;
  /** The connection delivered an event or stayed open `stableAfter` ms: the attempt count is back to 0. */
  readonly stable: boolean;
  readonly connectedAt: number;
  /** A wait the server asked for (`Retry-After`): no attempt before `until`, whatever else happens. */
  readonly held: { readonly until: number; readonly error: FeedError | null } | null;
  /** The stream was finished (a clean end read as `close`, or the close event): nothing to resume. */
  readonly finished: boolean;
  /** A message was dispatched on the current attempt: a broken request that is not a `GET` may not be sent again (`resend`). */
  readonly dispatched: boolean;
  /** The browser's signals are listened to (from start to the end of the run). */
  readonly listening: boolean;
  /** The origin of the stream's final URL, for messages. */
  readonly origin: string;
  /** The last id the current attempt's request carried (`""` for none): what a replay gap is measured against. */
  readonly requested: string;
  /** The page is in the back/forward cache or frozen: paused, no connection, until it is shown or resumed. */
  readonly away: boolean;
}

/** The timers a feed arms: the next attempt, the stall and stale watches, the stability window. */
export type Timer = 'retry' | 'stall' | 'stable' | 'stale';

/**
 * The browser's signals a feed listens to while it runs, each the event of that name: online, offline,
 * visibilitychange, pagehide and pageshow (back/forward cache), freeze and resume (Page Lifecycle).
 */
export const SIGNALS = ['online', 'offline', 'visibilitychange', 'pagehide', 'pageshow', 'freeze', 'resume'] as const;
export type Signal = (typeof SIGNALS)[number];

/** What happens to a feed: a call of its owner, a report of its transport, a timer, a signal of the browser. */
export type Input =
  | { readonly kind: 'connect' }
  | { readonly kind: 'reconnect' }
  | { readonly kind: 'close' }
  | { readonly kind: 'options'; readonly changes: Partial<FeedOptions> }
  /** `resumedFrom`: the response named another id than the one sent (a replay gap). */
  | { readonly kind: 'opened'; readonly origin: string; readonly resumedFrom?: string }
  | { readonly kind: 'event'; readonly event: ParsedEvent; readonly origin?: string }
  /** A message dropped before delivery (too large on the eventsource transport): its id still counts. */
  | { readonly kind: 'dropped'; readonly lastEventId: string; readonly error: FeedError }
  | { readonly kind: 'message-error'; readonly error: FeedError }
  | { readonly kind: 'server-retry'; readonly ms: number }
  | { readonly kind: 'ended' }
  | { readonly kind: 'failed'; readonly error: FeedError; readonly retryAfter: number | null }
  /** The server asked the client to stop (HTTP 204). */
  | { readonly kind: 'stopped' }
  | { readonly kind: 'timer'; readonly timer: Timer }
  /** `persisted` (pagehide): the page may go into the back/forward cache. */
  | { readonly kind: Signal; readonly persisted?: boolean }
  /** The close event was told to the listeners, and none of them restarted or closed the feed. */
  | { readonly kind: 'close-event'; readonly type: string };

/** What the core asks of the world, as data; the shell runs them in order, after the new model is committed. */
export type Effect =
  | { readonly kind: 'open'; readonly request: StreamRequest }
  /** Ends the attempt: aborts the transport, drops undelivered messages, disarms every timer. */
  | { readonly kind: 'release' }
  /** Sets `timer` to fire after `ms`, replacing any it had; `Infinity` disarms it. */
  | { readonly kind: 'arm'; readonly timer: Timer; readonly ms: number }
  | { readonly kind: 'listen'; readonly on: boolean }
  /** Keeps what `persist` keeps of `model` (the feed as it was when this was asked), under its `url`. */
  | { readonly kind: 'save'; readonly model: Model }
  | { readonly kind: 'forget'; readonly url: string }
  | { readonly kind: 'log'; readonly line: LogLine }
  /** The options made the feed reconnect (what `update()` returns). */
  | { readonly kind: 'reconnected' }
  // Listeners: the shell calls them last, in this order.
  | { readonly kind: 'status'; readonly status: FeedStatus }
  | { readonly kind: 'error'; readonly error: FeedError }
  | { readonly kind: 'message'; readonly message: FeedMessage }
  /** After the listeners of the close event: the shell answers `close-event` unless one of them restarted or closed the feed. */
  | { readonly kind: 'closing'; readonly type: string }
  | { readonly kind: 'gap'; readonly gap: FeedGap };

/** A `debug` line as data: the shell words it only when the feed has `debug`. */
export type LogLine =
  | readonly ['state', FeedState, FeedState]
  | readonly ['retry', number, number, number, number | null] // attempt, max, delay, Retry-After
  | readonly ['error', FeedError]
  | readonly ['offline' | 'held' | 'finished' | 'fresh']
  | readonly ['stale', number]
  | readonly ['close-event', string]; // the event type, or the close data

/** What the core reads of the world while it steps; the same inputs and answers give the same step. */
export interface StepContext {
  now(): number;
  random(): number;
  /** True while the device is offline. */
  offline(): boolean;
  /** True while the page is hidden. */
  hidden(): boolean;
  /** Ms a connection must stay open, without an event, before it counts as stable. */
  readonly stableAfter: number;
  /** When the last bytes (or, EventSource, the last event) arrived. */
  lastActivity(): number;
  /** What `persist` saved for `url` (a wait's cause only with the wait); null for nothing. */
  load(url: string): PersistedFeed | null;
  /** Base for a relative `src` when the options give none. */
  baseURL(): string | undefined;
}

/** A feed that has not started, with `options`. */
export function initialModel(options: FeedOptions): Model {
  return Object.freeze({
    options,
    state: 'idle',
    attempt: 0,
    retryDelay: null,
    retryAt: null,
    error: null,
    messages: 0,
    stale: false,
    lastMessageAt: null,
    lastEventId: options.lastEventId,
    serverRetry: null,
    url: '',
    restoredFor: null,
    stable: false,
    connectedAt: 0,
    held: null,
    finished: false,
    dispatched: false,
    listening: false,
    origin: '',
    requested: '',
    away: false,
  });
}

const statuses = new WeakMap<Model, FeedStatus>();

/** The status of a model: derived, and the same object for the same model. */
export function statusOf(model: Model): FeedStatus {
  let status = statuses.get(model);
  if (status === undefined) statuses.set(model, (status = snapshot(model)));
  return status;
}

function snapshot({ options, state, attempt, retryDelay, retryAt, lastEventId, error, messages, stale, lastMessageAt, finished }: Model): FeedStatus {
  return Object.freeze({
    state,
    attempt,
    retryMaxCount: retryMaxCount(options.retryMaxCount),
    retryDelay,
    retryAt,
    lastEventId,
    error,
    messages,
    stale,
    lastMessageAt,
    finished,
  });
}

/**
 * The message of `event` when its step would change nothing but the counts and ask for nothing but telling it: the
 * attempt is stable, fresh and has dispatched already, and the event is no close data, close event or gap event,
 * and parses (`json`). The shell then tells it with no step, no model and no effect list per message, and gives
 * the next step the model those steps would have made ({@link counted}). Null: the event takes its step.
 */
export function plainMessage(model: Model, event: ParsedEvent, origin = model.origin): FeedMessage | null {
  const { options } = model;
  // Without close data, empty data takes its step too: it never comes (an event with no data is not dispatched).
  return model.stable && model.dispatched && !model.stale && event.data !== options.closeData && event.type !== options.closeEvent && event.type !== options.gapEvent
    ? messageOf(model, event, origin)
    : null;
}

/** `model` after `count` plain messages, the last of them `last`, dispatched at `at`: what their steps would have made. */
export function counted(model: Model, count: number, last: FeedMessage, at: number): Model {
  return Object.freeze({ ...model, messages: model.messages + count, lastEventId: last.lastEventId, origin: last.origin, lastMessageAt: at });
}

const ACTIVE: ReadonlySet<FeedState> = /* @__PURE__ */ new Set(['connecting', 'connected', 'retrying', 'paused']);

type Draft = { -readonly [K in keyof Model]: Model[K] };

/**
 * The next model and the effects for one input. The handlers write a draft (a copy of `model`) and
 * list effects; the result is frozen. Pure: the world is read only through `context`.
 */
export function step(model: Model, input: Input, context: StepContext): { model: Model; effects: Effect[] } {
  const run: Step = { m: { ...model }, fx: [], c: context, last: null };
  handle(run, input);
  const next = Object.freeze(run.m) as Model;
  // The last status told is the model's own, when nothing changed after it: one object, not two equal ones.
  const last = run.last;
  if (last !== null) {
    const own = snapshot(next);
    statuses.set(next, (Object.keys(own) as Array<keyof FeedStatus>).every((key) => own[key] === last[key]) ? last : own);
  }
  return { model: next, effects: run.fx };
}

/** One step in the making: the draft model, the effects so far, the world's answers and the last status told. */
interface Step {
  readonly m: Draft;
  readonly fx: Effect[];
  readonly c: StepContext;
  last: FeedStatus | null;
}

function handle(s: Step, input: Input): void {
  const m = s.m;
  switch (input.kind) {
    case 'connect':
      // After a give-up or an explicit close the count starts over; from idle it may be restored.
      if (!ACTIVE.has(m.state)) start(s, m.state !== 'idle');
      return;
    case 'reconnect':
      release(s, true);
      m.held = null; // asked for by the page (a person's Retry button): not the server's wait
      start(s, true);
      return;
    case 'close':
      if (m.state === 'closed') release(s, true);
      else finish(s, 'closed');
      return;
    case 'options':
      return changeOptions(s, input.changes);
    case 'opened':
      opened(s, input.origin);
      // After the connected status, before the first message of the response.
      if (input.resumedFrom !== undefined) gap(s, input.resumedFrom);
      return;
    case 'event':
      return deliver(s, input.event, input.origin);
    case 'dropped':
      m.lastEventId = input.lastEventId;
      tell(s, 'error', input.error);
      return;
    case 'message-error':
      tell(s, 'error', input.error);
      return;
    case 'server-retry':
      m.serverRetry = input.ms;
      return;
    case 'ended':
      return ended(s);
    case 'failed':
      return fail(s, broken(s, input.error), input.retryAfter);
    case 'stopped':
      return finish(s, 'closed');
    case 'timer':
      return onTimer(s, input.timer);
    case 'online': {
      // A network that is back is worth trying at once, unless the server asked for a wait.
      const kind = m.error?.kind;
      if (m.state === 'retrying' && (kind === 'offline' || kind === 'network')) resume(s);
      return;
    }
    case 'offline':
      // A paused feed has no connection to lose; one retrying for this very reason already waits for the network.
      if (ACTIVE.has(m.state) && m.state !== 'paused' && m.error?.kind !== 'offline') goOffline(s);
      return;
    case 'visibilitychange':
      return visibility(s);
    // The page goes into the back/forward cache or is frozen, or comes back: a connection held there is a server's
    // connection and one of the browser's per-origin slots spent on a page nobody sees, so it closes quietly
    // (paused, no error, no attempt spent) and reopens at once, resuming, as when a hidden page shows.
    case 'pagehide':
      save(s);
      m.away ||= input.persisted === true;
      return visibility(s);
    case 'freeze':
    case 'pageshow':
    case 'resume':
      m.away = input.kind === 'freeze';
      return visibility(s);
    case 'close-event':
      return finished(s, ['close-event', input.type]);
    default:
      input satisfies never; // the compiler's check that every input has a handler
  }
}

// ---- Inputs -----------------------------------------------------------------------------

/**
 * A new `src`, `method` or `body` starts a new stream (id, backoff and server `retry:` reset, or
 * restored with `persist`); a new request option reconnects a running or failed feed, resuming.
 */
function changeOptions(s: Step, changes: Partial<FeedOptions>): void {
  const m = s.m;
  const previous = m.options;
  const next = applyOptions(previous, changes);
  m.options = next;
  const newStream = changed(previous, next, 'stream');
  // The EventSource transport listens for the close and gap events by name: there a new one is a new request.
  const newRequest =
    newStream ||
    changed(previous, next, 'request') ||
    (next.transport === 'eventsource' && (next.closeEvent !== previous.closeEvent || next.gapEvent !== previous.gapEvent));
  if (newStream) {
    // The old stream is over: nothing of it stays in storage (persist keeps what a reload needs).
    if (previous.persist && m.url !== '') s.fx.push({ kind: 'forget', url: m.url });
    m.url = ''; // resolved again when the new stream starts; nothing saves under the old one
    m.held = null;
    m.finished = false;
    m.lastEventId = next.lastEventId;
    m.lastMessageAt = null;
    m.serverRetry = null;
    m.attempt = 0;
    m.restoredFor = null;
  }
  if (next.src === '') {
    if (m.state !== 'idle') finish(s, 'idle');
    return;
  }
  if (newRequest && (ACTIVE.has(m.state) || m.state === 'failed')) {
    release(s, true);
    m.held = null;
    start(s, true);
    s.fx.push({ kind: 'reconnected' });
    return;
  }
  if ((m.state === 'connecting' || m.state === 'connected') && next.stallTimeout !== previous.stallTimeout) watchStall(s);
  if (m.state === 'connected' && next.staleAfter !== previous.staleAfter) watchStale(s);
  if (next.pauseWhenHidden !== previous.pauseWhenHidden && ACTIVE.has(m.state)) visibility(s);
}

function opened(s: Step, origin: string): void {
  const m = s.m;
  m.origin = origin;
  m.connectedAt = s.c.lastActivity();
  m.held = null;
  arm(s, 'stable', s.c.stableAfter);
  watchStall(s);
  watchStale(s);
  enter(s, 'connected');
}

/** Dispatches one event: its id counts even when its JSON does not parse. */
function deliver(s: Step, event: ParsedEvent, origin: string = s.m.origin): void {
  const m = s.m;
  m.lastEventId = event.lastEventId;
  m.origin = origin;
  const { closeData } = m.options;
  // The stream's last word, not a message (`[DONE]`): nothing after it is read.
  if (closeData !== '' && event.data === closeData) return finished(s, ['close-event', closeData]);
  const message = messageOf(m, event, origin);
  if (message === null) {
    tell(s, 'error', feedError('parse', 'Invalid JSON.', false));
  } else {
    m.messages += 1;
    m.dispatched = true;
    m.lastMessageAt = s.c.lastActivity();
    if (!m.stable) becomeStable(s);
    if (m.stale) {
      log(s, ['fresh']);
      set(s, { stale: false });
      watchStale(s);
    }
    tell(s, 'message', message);
  }
  // The server's own word that history was lost: after the message, as the header's gap comes before it.
  if (event.type === m.options.gapEvent) gap(s, null);
  // The stream's own way of saying it is finished: after the message and its listeners, not instead of them.
  if (event.type === m.options.closeEvent) s.fx.push({ kind: 'closing', type: event.type });
}

/** The message of `event`; null when `json` is on and its data does not parse. */
function messageOf({ options }: Model, event: ParsedEvent, origin: string): FeedMessage | null {
  const message: FeedMessage = { type: event.type, data: event.data, lastEventId: event.lastEventId, origin };
  if (options.json) {
    try {
      message.json = JSON.parse(event.data);
    } catch {
      return null;
    }
  }
  return message;
}

/** Reports a replay gap of the current attempt: `resumedFrom` is the response header's id, null for the gap event. */
function gap(s: Step, resumedFrom: string | null): void {
  tell(s, 'gap', { requested: s.m.requested, resumedFrom, reason: resumedFrom === null ? 'event' : 'header' });
}

/** The server ended an open stream cleanly: reconnect, or the stream is finished, per `streamEnd`. */
function ended(s: Step): void {
  const { streamEnd, method } = s.m.options;
  if (streamEnd === 'close' || (streamEnd !== 'reconnect' && method !== 'GET')) {
    finished(s, ['finished']);
  } else {
    fail(s, feedError('network', 'Ended.', false, { reason: 'ended' }), null);
  }
}

function onTimer(s: Step, timer: Timer): void {
  const m = s.m;
  if (timer === 'retry') {
    if (s.c.offline()) goOffline(s);
    else open(s);
  } else if (timer === 'stable') {
    becomeStable(s);
  } else if (timer === 'stall') {
    // Chunks only note their time; the watch wakes once per period, and is armed again for the rest of it.
    const timeout = m.options.stallTimeout;
    if (s.c.now() - s.c.lastActivity() < timeout) watchStall(s);
    else fail(s, broken(s, feedError('stall', `No data for ${timeout} ms.`, false, { timeout })), null);
  } else {
    const silent = quiet(s);
    if (silent < m.options.staleAfter) {
      watchStale(s);
    } else {
      log(s, ['stale', silent]);
      set(s, { stale: true });
    }
  }
}

// Listeners only exist while the feed runs, so the state here is always an active one.
function visibility(s: Step): void {
  const m = s.m;
  if (shouldPause(s)) {
    if (m.state !== 'paused') pause(s);
  } else if (m.state === 'paused') {
    if (s.c.offline()) goOffline(s);
    else resume(s);
  }
}

// ---- Transitions ------------------------------------------------------------------------

function start(s: Step, resetAttempts: boolean): void {
  const m = s.m;
  if (m.options.src === '') {
    if (m.state !== 'idle') finish(s, 'idle');
    return;
  }
  const resolved = resolveStreamUrl(m.options.src, m.options.baseURL ?? s.c.baseURL());
  if ('problem' in resolved) {
    // Fails for good before any request, telling error listeners as a failed attempt would.
    const error = feedError('network', resolved.problem, true, { reason: 'invalid-url' });
    finish(s, 'failed', error);
    m.url = '';
    tell(s, 'error', error);
    return;
  }
  m.url = resolved.url;
  if (!m.listening) {
    m.listening = true;
    s.fx.push({ kind: 'listen', on: true });
  }
  if (m.options.persist && m.restoredFor !== m.url) {
    m.restoredFor = m.url;
    // The resume point, the backoff position, and a wait with its cause: where the feed stood before a reload.
    Object.assign(m, s.c.load(m.url));
  }
  if (m.finished) {
    // A finished stream is not resumed: connecting again asks for it from the start.
    m.finished = false;
    m.lastEventId = m.options.lastEventId;
  }
  if (resetAttempts) m.attempt = 0;
  if (shouldPause(s)) return pause(s);
  if (s.c.offline()) return goOffline(s);
  const now = s.c.now();
  if (m.retryAt !== null && m.retryAt > now && !resetAttempts) {
    // Restored from before a reload: keep waiting rather than hammer the server.
    schedule(s, m.retryAt - now, m.error);
    return;
  }
  open(s);
}

function open(s: Step): void {
  const m = s.m;
  release(s, false);
  m.stable = false;
  m.dispatched = false;
  m.requested = m.lastEventId;
  const { options } = m;
  // The options name the request's fields (method, body, headers, withCredentials, lastEventIdParam, maxMessageSize, fetch).
  const request: StreamRequest = {
    ...options,
    url: m.url,
    lastEventId: m.lastEventId,
    events: [...options.events, options.closeEvent, options.gapEvent], // an empty name is never an event's type
  };
  // The error only ever explains retrying or failed; a new attempt starts without one.
  enter(s, 'connecting');
  // The stall watch covers the wait for the response too: a server that never answers is stalled.
  watchStall(s, s.c.now());
  s.fx.push({ kind: 'open', request });
}

/**
 * An attempt failed: give up when the error is fatal or the retries are spent, wait without
 * spending an attempt while offline, else schedule the next attempt. The state changes first, so
 * an `error` listener that reads `status` sees where the feed is going.
 */
function fail(s: Step, error: FeedError, retryAfter: number | null): void {
  const m = s.m;
  release(s, false);
  if (!error.fatal && s.c.offline()) return goOffline(s);
  let outcome = error;
  const policy = policyOf(s);
  if (!error.fatal) {
    m.attempt += 1;
    // The failure numbered `attempt` (1-based, consecutive) gets a retry while it is at most `maxCount`.
    if (m.attempt > policy.maxCount) outcome = Object.freeze({ ...error, fatal: true });
  }
  log(s, ['error', outcome]);
  if (outcome.fatal) {
    finish(s, 'failed', outcome);
  } else {
    const backoff = jitterDelay(backoffDelay(m.attempt, policy, m.serverRetry), policy.jitter, s.c.random);
    const delay = retryWait(backoff, retryAfter, policy);
    // What the server asked for is kept through a hidden page or a network outage.
    m.held = retryAfter === null ? null : { until: s.c.now() + Math.min(delay, retryAfter), error: outcome };
    schedule(s, delay, outcome, retryAfter);
  }
  tell(s, 'error', outcome);
}

function schedule(s: Step, delay: number, error: FeedError | null, retryAfter: number | null = null): void {
  arm(s, 'retry', delay);
  enter(s, 'retrying', error, delay);
  log(s, ['retry', s.m.attempt, policyOf(s).maxCount, delay, retryAfter]);
}

/** Waits for the `online` event; no attempt is spent while the device is offline. */
function goOffline(s: Step): void {
  release(s, false);
  const error = feedError('offline', 'Offline.', false);
  log(s, ['offline']);
  enter(s, 'retrying', error);
  tell(s, 'error', error);
}

/**
 * Connects now that nothing in the browser stands in the way (visible again, online again), unless
 * the server asked for a wait that has not run out: that wait goes on.
 */
function resume(s: Step): void {
  const held = s.m.held;
  const left = held === null ? 0 : held.until - s.c.now();
  if (held !== null && left > 0) {
    log(s, ['held']);
    schedule(s, left, held.error);
  } else {
    open(s);
  }
}

/** Closes the connection while the page is hidden; it reopens, resuming, when the page shows. */
function pause(s: Step): void {
  release(s, false);
  enter(s, 'paused');
}

/**
 * A stream that is not a `GET` broke (a network error, a stall) after it dispatched a message, with no id to
 * resume from: sent again it would be generated a second time (a half-written answer twice), so with
 * `resend="auto"` the feed gives up, kind `network`, fatal. A person's Retry asks for it afresh.
 */
function broken(s: Step, error: FeedError): FeedError {
  const { options, dispatched, lastEventId } = s.m;
  return dispatched && lastEventId === '' && options.method !== 'GET' && options.transport === 'fetch' && options.resend !== 'always'
    ? feedError('network', error.message, true, { reason: 'lost' })
    : error;
}

/** The stream is finished (the server's clean end, the close event, the close data): closed, nothing to resume. */
function finished(s: Step, line: LogLine): void {
  log(s, line);
  s.m.finished = true;
  finish(s, 'closed');
}

/** Ends the feed in `failed` (with the error), `closed` or `idle`, releasing everything. */
function finish(s: Step, state: 'failed' | 'closed' | 'idle', error: FeedError | null = null): void {
  const m = s.m;
  release(s, true);
  enter(s, state, error);
  // Giving up ends the run of attempts: a reload after `failed` tries afresh, resuming the id. A
  // closed or idle feed is done with its stream: nothing of it stays in storage.
  if (state === 'failed') save(s);
  else if (m.options.persist && m.url !== '') s.fx.push({ kind: 'forget', url: m.url });
  m.held = null;
  m.away = false; // no longer listening, it will not hear the page come back
}

/** Releases the attempt and the timers; with `everything`, the signals too, saving the resume point one last time. */
function release(s: Step, everything: boolean): void {
  s.fx.push({ kind: 'release' });
  if (everything && s.m.listening) {
    save(s);
    s.m.listening = false;
    s.fx.push({ kind: 'listen', on: false });
  }
}

function becomeStable(s: Step): void {
  s.m.stable = true;
  arm(s, 'stable', Infinity);
  if (s.m.attempt !== 0) set(s, { attempt: 0 });
}

/** Checks for silence once per `stallTimeout`, not once per chunk. */
function watchStall(s: Step, lastActivity: number = s.c.lastActivity()): void {
  const timeout = s.m.options.stallTimeout;
  arm(s, 'stall', timeout > 0 ? Math.max(0, timeout - (s.c.now() - lastActivity)) : Infinity);
}

/** While connected, turns `stale` on once no message was dispatched for `staleAfter` ms. */
function watchStale(s: Step): void {
  const after = s.m.options.staleAfter;
  arm(s, 'stale', after > 0 && !s.m.stale ? Math.max(0, after - quiet(s)) : Infinity);
}

// ---- Helpers ----------------------------------------------------------------------------

/** Moves to `state`, with the error that explains it (retrying, failed) and the wait scheduled (retrying). */
function enter(s: Step, state: FeedState, error: FeedError | null = null, retryDelay: number | null = null): void {
  set(s, { state, error, retryDelay, retryAt: retryDelay === null ? null : s.c.now() + retryDelay });
}

function set(s: Step, changes: Partial<Pick<Model, 'state' | 'stale' | 'attempt' | 'retryDelay' | 'retryAt' | 'error'>>): void {
  const m = s.m;
  if (changes.state !== undefined && changes.state !== m.state) log(s, ['state', m.state, changes.state]);
  Object.assign(m, changes);
  if (m.state !== 'connected') m.stale = false;
  if (m.listening) save(s);
  tell(s, 'status', (s.last = snapshot(m)));
}

function save(s: Step): void {
  const m = s.m;
  if (m.options.persist && m.url !== '') s.fx.push({ kind: 'save', model: { ...m } });
}

/** What each listener is told. */
interface Told {
  status: FeedStatus;
  error: FeedError;
  message: FeedMessage;
  gap: FeedGap;
}

/** Tells the listener `kind` (after the step): each of these effects carries its value under its own kind. */
function tell<K extends keyof Told>(s: Step, kind: K, value: Told[K]): void {
  s.fx.push({ kind, [kind]: value } as unknown as Effect); // a computed key widens to string
}

function arm(s: Step, timer: Timer, ms: number): void {
  s.fx.push({ kind: 'arm', timer, ms });
}

function log(s: Step, line: LogLine): void {
  if (s.m.options.debug) s.fx.push({ kind: 'log', line });
}

function shouldPause(s: Step): boolean {
  return s.m.away || (s.m.options.pauseWhenHidden && s.c.hidden());
}

function quiet(s: Step): number {
  const m = s.m;
  return s.c.now() - Math.max(m.connectedAt, m.lastMessageAt ?? 0);
}

/** The options' retry policy; a number that is not finite and non-negative is the default's. */
function policyOf(s: Step): RetryPolicy {
  const o = s.m.options;
  const policy = { interval: o.retryInterval, scaler: o.retryScaler, maxWait: o.retryMaxWait, maxCount: retryMaxCount(o.retryMaxCount), jitter: o.retryJitter };
  for (const key of ['interval', 'scaler', 'maxWait', 'jitter'] as const) if (!(policy[key] >= 0 && policy[key] < Infinity)) policy[key] = DEFAULT_RETRY_POLICY[key];
  return policy;
}

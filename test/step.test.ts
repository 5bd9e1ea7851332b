// The pure core: each input gives a model and effects as data (table tests, microseconds each), and random
// sequences of inputs keep the invariants of a feed (a fast-check property over a simulated shell).

import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { applyOptions, DEFAULT_FEED_OPTIONS, type FeedOptions } from '../components/core/options.js';
import type { PersistedFeed } from '../components/core/persist.js';
import { counted, initialModel, plainMessage, SIGNALS, statusOf, step, type Effect, type Input, type Model, type StepContext, type Timer } from '../components/core/step.js';
import { feedError, type FeedMessage } from '../components/core/types.js';

const SRC = 'https://stream.test/events';

/** A world that answers the same every time: the clock at `now`, online, visible, nothing saved. */
function world(changes: Partial<{ now: number; offline: boolean; hidden: boolean; saved: PersistedFeed | null }> = {}): StepContext {
  const { now = 1_000_000, offline = false, hidden = false, saved = null } = changes;
  return {
    now: () => now,
    random: () => 0.5,
    offline: () => offline,
    hidden: () => hidden,
    stableAfter: 5000,
    lastActivity: () => now,
    load: () => saved,
    baseURL: () => 'https://page.test/',
  };
}

function model(options: Partial<FeedOptions> = {}, changes: Partial<Model> = {}): Model {
  return Object.freeze({ ...initialModel(applyOptions(DEFAULT_FEED_OPTIONS, { src: SRC, retryJitter: 0, ...options })), ...changes });
}

/** The kinds of `effects`, with the timer or state they name: a compact picture of what a step asks for. */
function kinds(effects: Effect[]): string[] {
  return effects.map((effect) => {
    if (effect.kind === 'arm') return effect.ms === Infinity ? `disarm ${effect.timer}` : `arm ${effect.timer} ${effect.ms}`;
    if (effect.kind === 'status') return `status ${effect.status.state}`;
    if (effect.kind === 'error') return `error ${effect.error.kind}`;
    if (effect.kind === 'listen') return `listen ${effect.on}`;
    if (effect.kind === 'gap') return `gap ${effect.gap.reason}`;
    return effect.kind;
  });
}

const network = feedError('network', 'lost', false, { reason: 'lost' });
const connected = (options: Partial<FeedOptions> = {}, changes: Partial<Model> = {}) =>
  model(options, { state: 'connected', url: SRC, listening: true, connectedAt: 1_000_000, ...changes });

describe('step: one input, the model and the effects', () => {
  const cases: Array<{ name: string; from: Model; input: Input; context?: StepContext; state: string; effects: string[]; check?: (next: Model) => void }> = [
    {
      name: 'connect from idle: listen, open a request, connecting',
      from: model(),
      input: { kind: 'connect' },
      state: 'connecting',
      effects: ['listen true', 'release', 'status connecting', 'disarm stall', 'open'],
    },
    {
      name: 'connect with stall-timeout: the stall watch covers the wait for the response',
      from: model({ stallTimeout: 3000 }),
      input: { kind: 'connect' },
      state: 'connecting',
      effects: ['listen true', 'release', 'status connecting', 'arm stall 3000', 'open'],
    },
    {
      name: 'connect while offline: retrying, kind offline, no request',
      from: model(),
      input: { kind: 'connect' },
      context: world({ offline: true }),
      state: 'retrying',
      effects: ['listen true', 'release', 'status retrying', 'error offline'],
    },
    {
      name: 'connect while hidden with pause-when-hidden: paused, no request',
      from: model({ pauseWhenHidden: true }),
      input: { kind: 'connect' },
      context: world({ hidden: true }),
      state: 'paused',
      effects: ['listen true', 'release', 'status paused'],
    },
    {
      name: 'connect to a src that is not http(s): failed for good, kind network, before any request',
      from: model({ src: 'ftp://files.test/x' }),
      input: { kind: 'connect' },
      state: 'failed',
      effects: ['release', 'status failed', 'error network'],
    },
    {
      name: 'opened: connected, the stability window armed',
      from: model({}, { state: 'connecting', url: SRC, listening: true }),
      input: { kind: 'opened', origin: 'https://stream.test' },
      state: 'connected',
      effects: ['arm stable 5000', 'disarm stall', 'disarm stale', 'status connected'],
    },
    {
      name: 'the first failure: retrying after retry-interval, attempt 1',
      from: model({}, { state: 'connecting', url: SRC, listening: true }),
      input: { kind: 'failed', error: network, retryAfter: null },
      state: 'retrying',
      effects: ['release', 'arm retry 1000', 'status retrying', 'error network'],
      check: (next) => expect(statusOf(next)).to.include({ attempt: 1, retryDelay: 1000, retryAt: 1_001_000 }),
    },
    {
      name: 'a failure past retry-max-count: failed, fatal, everything released',
      from: model({ retryMaxCount: 1 }, { state: 'connecting', url: SRC, listening: true, attempt: 1 }),
      input: { kind: 'failed', error: network, retryAfter: null },
      state: 'failed',
      effects: ['release', 'release', 'listen false', 'status failed', 'error network'],
      check: (next) => expect(next.error?.fatal).to.equal(true),
    },
    {
      name: 'the failure numbered retry-max-count still retries',
      from: model({ retryMaxCount: 2 }, { state: 'connecting', url: SRC, listening: true, attempt: 1 }),
      input: { kind: 'failed', error: network, retryAfter: null },
      state: 'retrying',
      effects: ['release', 'arm retry 2000', 'status retrying', 'error network'],
      check: (next) => expect(statusOf(next)).to.include({ attempt: 2, retryMaxCount: 2 }),
    },
    {
      name: 'retry-max-count 0: the first failure gives up',
      from: model({ retryMaxCount: 0 }, { state: 'connecting', url: SRC, listening: true }),
      input: { kind: 'failed', error: network, retryAfter: null },
      state: 'failed',
      effects: ['release', 'release', 'listen false', 'status failed', 'error network'],
      check: (next) => expect(next.error?.fatal).to.equal(true),
    },
    {
      name: 'retry-max-count Infinity: a failure after thousands still retries',
      from: model({ retryMaxCount: Infinity }, { state: 'connecting', url: SRC, listening: true, attempt: 5000 }),
      input: { kind: 'failed', error: network, retryAfter: null },
      state: 'retrying',
      effects: ['release', 'arm retry 30000', 'status retrying', 'error network'],
      check: (next) => expect(next.attempt).to.equal(5001),
    },
    {
      name: 'Retry-After longer than the backoff: the longer wait, held through an outage',
      from: model({}, { state: 'connecting', url: SRC, listening: true }),
      input: { kind: 'failed', error: feedError('http', '503', false, 503), retryAfter: 7000 },
      state: 'retrying',
      effects: ['release', 'arm retry 7000', 'status retrying', 'error http'],
      check: (next) => expect(next.held?.until).to.equal(1_007_000),
    },
    {
      name: 'an event on a connected feed: the message, the attempt count back to 0',
      from: model({}, { state: 'connected', url: SRC, listening: true, attempt: 2 }),
      input: { kind: 'event', event: { type: 'message', data: 'hi', lastEventId: '7' } },
      state: 'connected',
      effects: ['disarm stable', 'status connected', 'message'],
      check: (next) => expect(statusOf(next)).to.include({ attempt: 0, messages: 1, lastEventId: '7' }),
    },
    {
      name: 'an event that is not JSON with json: kind parse, the id still counts, no message',
      from: connected({ json: true }),
      input: { kind: 'event', event: { type: 'message', data: '{', lastEventId: '8' } },
      state: 'connected',
      effects: ['error parse'],
      check: (next) => expect(statusOf(next)).to.include({ messages: 0, lastEventId: '8' }),
    },
    {
      name: 'the close event: the message first, closing after its listeners',
      from: connected({ closeEvent: 'done' }),
      input: { kind: 'event', event: { type: 'done', data: 'bye', lastEventId: '' } },
      state: 'connected',
      effects: ['disarm stable', 'message', 'closing'],
    },
    {
      name: 'the close data: closed at once, neither dispatched nor parsed, no error',
      from: connected({ closeData: '[DONE]', json: true }),
      input: { kind: 'event', event: { type: 'message', data: '[DONE]', lastEventId: '' } },
      state: 'closed',
      effects: ['release', 'listen false', 'status closed'],
      check: (next) => expect([next.messages, next.finished, next.error]).to.deep.equal([0, true, null]),
    },
    {
      name: 'data that only contains the close data: dispatched as usual',
      from: connected({ closeData: '[DONE]' }),
      input: { kind: 'event', event: { type: 'message', data: '[DONE] ', lastEventId: '' } },
      state: 'connected',
      effects: ['disarm stable', 'message'],
    },
    {
      name: 'a POST that breaks after dispatching, no id (resend auto): failed, kind network, fatal, not sent again',
      from: connected({ method: 'POST' }, { dispatched: true }),
      input: { kind: 'failed', error: network, retryAfter: null },
      state: 'failed',
      effects: ['release', 'release', 'listen false', 'status failed', 'error network'],
      check: (next) => expect(next.error).to.include({ kind: 'network', fatal: true, reason: 'lost' }),
    },
    {
      name: 'a POST that stalls after dispatching, no id: failed, kind network, fatal',
      from: connected({ method: 'POST', stallTimeout: 3000 }, { dispatched: true }),
      input: { kind: 'timer', timer: 'stall' },
      context: { ...world({ now: 1_004_000 }), lastActivity: () => 1_000_000 },
      state: 'failed',
      effects: ['release', 'release', 'listen false', 'status failed', 'error network'],
      check: (next) => expect(next.error).to.include({ kind: 'network', fatal: true }),
    },
    {
      name: 'a POST that breaks before any message: retrying (nothing was dispatched)',
      from: connected({ method: 'POST' }),
      input: { kind: 'failed', error: network, retryAfter: null },
      state: 'retrying',
      effects: ['release', 'arm retry 1000', 'status retrying', 'error network'],
    },
    {
      name: 'a POST that breaks after dispatching, with a last id: retrying, to resume',
      from: connected({ method: 'POST' }, { dispatched: true, lastEventId: '4' }),
      input: { kind: 'failed', error: network, retryAfter: null },
      state: 'retrying',
      effects: ['release', 'arm retry 1000', 'status retrying', 'error network'],
    },
    {
      name: 'a POST that breaks after dispatching with resend always: retrying, like a GET',
      from: connected({ method: 'POST', resend: 'always' }, { dispatched: true }),
      input: { kind: 'failed', error: network, retryAfter: null },
      state: 'retrying',
      effects: ['release', 'arm retry 1000', 'status retrying', 'error network'],
    },
    {
      name: 'a GET that breaks after dispatching: retrying, as before',
      from: connected({}, { dispatched: true }),
      input: { kind: 'failed', error: network, retryAfter: null },
      state: 'retrying',
      effects: ['release', 'arm retry 1000', 'status retrying', 'error network'],
    },
    {
      name: 'a clean end of a POST with stream-end reconnect after dispatching: retrying (the end is stream-end\'s)',
      from: connected({ method: 'POST', streamEnd: 'reconnect' }, { dispatched: true }),
      input: { kind: 'ended' },
      state: 'retrying',
      effects: ['release', 'arm retry 1000', 'status retrying', 'error network'],
    },
    {
      name: 'reconnect after a POST was given up: one new request, nothing dispatched on it yet',
      from: model({ method: 'POST' }, { state: 'failed', url: SRC, dispatched: true, error: feedError('network', 'lost', true) }),
      input: { kind: 'reconnect' },
      state: 'connecting',
      effects: ['release', 'listen true', 'release', 'status connecting', 'disarm stall', 'open'],
      check: (next) => expect(next.dispatched).to.equal(false),
    },
    {
      name: 'connect: the request carries the last id, and the model keeps it as what a gap is measured against',
      from: model({}, { lastEventId: '5' }),
      input: { kind: 'connect' },
      state: 'connecting',
      effects: ['listen true', 'release', 'status connecting', 'disarm stall', 'open'],
      check: (next) => expect(next.requested).to.equal('5'),
    },
    {
      name: 'opened, the response naming another id than the one sent: connected, then a gap of reason header',
      from: model({}, { state: 'connecting', url: SRC, listening: true, requested: '5', lastEventId: '5' }),
      input: { kind: 'opened', origin: 'https://stream.test', resumedFrom: 'earliest' },
      state: 'connected',
      effects: ['arm stable 5000', 'disarm stall', 'disarm stale', 'status connected', 'gap header'],
    },
    {
      name: 'the gap event: the message first, then a gap of reason event',
      from: connected({ gapEvent: 'lost' }, { requested: '5' }),
      input: { kind: 'event', event: { type: 'lost', data: '', lastEventId: '5' } },
      state: 'connected',
      effects: ['disarm stable', 'message', 'gap event'],
    },
    {
      name: 'a new gap-event on the eventsource transport: a new request (it listens by name)',
      from: connected({ transport: 'eventsource' }),
      input: { kind: 'options', changes: { gapEvent: 'lost' } },
      state: 'connecting',
      effects: ['release', 'listen false', 'listen true', 'release', 'status connecting', 'disarm stall', 'open', 'reconnected'],
    },
    {
      name: 'a clean end of a POST (stream-end auto): closed, no error, no retry',
      from: connected({ method: 'post' }),
      input: { kind: 'ended' },
      state: 'closed',
      effects: ['release', 'listen false', 'status closed'],
    },
    {
      name: 'a clean end of a GET: retrying, kind network',
      from: connected(),
      input: { kind: 'ended' },
      state: 'retrying',
      effects: ['release', 'arm retry 1000', 'status retrying', 'error network'],
    },
    {
      name: 'the stall timer with no byte for stall-timeout: retrying, kind stall',
      from: connected({ stallTimeout: 3000 }),
      input: { kind: 'timer', timer: 'stall' },
      context: { ...world({ now: 1_004_000 }), lastActivity: () => 1_000_000 },
      state: 'retrying',
      effects: ['release', 'arm retry 1000', 'status retrying', 'error stall'],
    },
    {
      name: 'the stall timer after recent bytes: the watch is armed for the rest',
      from: connected({ stallTimeout: 3000 }),
      input: { kind: 'timer', timer: 'stall' },
      context: { ...world({ now: 1_004_000 }), lastActivity: () => 1_003_000 },
      state: 'connected',
      effects: ['arm stall 2000'],
    },
    {
      name: 'the stale timer with no message for stale-after: stale, still connected',
      from: connected({ staleAfter: 2000 }),
      input: { kind: 'timer', timer: 'stale' },
      context: world({ now: 1_002_000 }),
      state: 'connected',
      effects: ['status connected'],
      check: (next) => expect(next.stale).to.equal(true),
    },
    {
      name: 'offline while connected: retrying, kind offline, no attempt spent',
      from: connected(),
      input: { kind: 'offline' },
      state: 'retrying',
      effects: ['release', 'status retrying', 'error offline'],
      check: (next) => expect(next.attempt).to.equal(0),
    },
    {
      name: 'online while waiting for the network: a request at once',
      from: model({}, { state: 'retrying', url: SRC, listening: true, error: feedError('offline', 'off', false) }),
      input: { kind: 'online' },
      state: 'connecting',
      effects: ['release', 'status connecting', 'disarm stall', 'open'],
    },
    {
      name: 'close: closed, every timer, listener and request released',
      from: connected(),
      input: { kind: 'close' },
      state: 'closed',
      effects: ['release', 'listen false', 'status closed'],
    },
    {
      name: 'a new src while connected: a new stream, from the start',
      from: model({}, { state: 'connected', url: SRC, listening: true, lastEventId: '9', attempt: 3 }),
      input: { kind: 'options', changes: { src: 'https://stream.test/other' } },
      state: 'connecting',
      effects: ['release', 'listen false', 'listen true', 'release', 'status connecting', 'disarm stall', 'open', 'reconnected'],
      check: (next) => expect(statusOf(next)).to.include({ lastEventId: '', attempt: 0 }),
    },
    {
      name: 'pagehide persisted while connected: paused quietly, no error, no attempt spent, every timer released',
      from: connected({ stallTimeout: 3000 }, { attempt: 2 }),
      input: { kind: 'pagehide', persisted: true },
      state: 'paused',
      effects: ['release', 'status paused'],
      check: (next) => expect([next.away, next.attempt, next.error]).to.deep.equal([true, 2, null]),
    },
    {
      name: 'pagehide not persisted (an unload): nothing changes',
      from: connected(),
      input: { kind: 'pagehide', persisted: false },
      state: 'connected',
      effects: [],
    },
    {
      name: 'pagehide persisted with a retry scheduled (WebKit broke the stream first): paused, the retry timer released',
      from: model({}, { state: 'retrying', url: SRC, listening: true, attempt: 1, retryDelay: 1000, retryAt: 1_001_000, error: network }),
      input: { kind: 'pagehide', persisted: true },
      state: 'paused',
      effects: ['release', 'status paused'],
      check: (next) => expect(statusOf(next)).to.include({ attempt: 1, retryAt: null, error: null }),
    },
    {
      name: 'pageshow after the cache: a request at once, resuming from the last id, the attempt count unchanged',
      from: model({}, { state: 'paused', url: SRC, listening: true, away: true, lastEventId: '41', attempt: 1 }),
      input: { kind: 'pageshow' },
      state: 'connecting',
      effects: ['release', 'status connecting', 'disarm stall', 'open'],
      check: (next) => expect([next.away, next.attempt, next.requested]).to.deep.equal([false, 1, '41']),
    },
    {
      name: 'pageshow of a first load (nothing was away): nothing changes',
      from: connected(),
      input: { kind: 'pageshow' },
      state: 'connected',
      effects: [],
    },
    {
      name: 'pageshow while offline: waiting for the network, as when a hidden page shows',
      from: model({}, { state: 'paused', url: SRC, listening: true, away: true }),
      input: { kind: 'pageshow' },
      context: world({ offline: true }),
      state: 'retrying',
      effects: ['release', 'status retrying', 'error offline'],
    },
    {
      name: 'pageshow during a Retry-After wait: the wait goes on, no request before it ends',
      from: model({}, { state: 'paused', url: SRC, listening: true, away: true, held: { until: 1_003_000, error: network } }),
      input: { kind: 'pageshow' },
      state: 'retrying',
      effects: ['arm retry 3000', 'status retrying'],
    },
    {
      name: 'visibilitychange while in the cache (the page is hidden after pagehide): still paused, no request',
      from: model({}, { state: 'paused', url: SRC, listening: true, away: true }),
      input: { kind: 'visibilitychange' },
      state: 'paused',
      effects: [],
    },
    {
      name: 'freeze while connecting: paused, the request released',
      from: model({}, { state: 'connecting', url: SRC, listening: true }),
      input: { kind: 'freeze' },
      state: 'paused',
      effects: ['release', 'status paused'],
    },
    {
      name: 'resume after freeze: a request at once',
      from: model({}, { state: 'paused', url: SRC, listening: true, away: true, lastEventId: '7' }),
      input: { kind: 'resume' },
      state: 'connecting',
      effects: ['release', 'status connecting', 'disarm stall', 'open'],
    },
    {
      name: 'freeze of a feed paused because the tab is hidden: it stays as it is',
      from: model({ pauseWhenHidden: true }, { state: 'paused', url: SRC, listening: true }),
      input: { kind: 'freeze' },
      context: world({ hidden: true }),
      state: 'paused',
      effects: [],
    },
    {
      name: 'resume of a frozen feed whose tab is still hidden, with pause-when-hidden: still paused',
      from: model({ pauseWhenHidden: true }, { state: 'paused', url: SRC, listening: true, away: true }),
      input: { kind: 'resume' },
      context: world({ hidden: true }),
      state: 'paused',
      effects: [],
    },
    {
      name: 'reconnect while frozen: paused, no request',
      from: model({}, { state: 'paused', url: SRC, listening: true, away: true }),
      input: { kind: 'reconnect' },
      state: 'paused',
      effects: ['release', 'listen false', 'listen true', 'release', 'status paused'],
    },
    {
      name: 'close while in the cache, then connect: a request (a closed feed hears no pageshow, so it forgets it was away)',
      from: model({}, { state: 'paused', url: SRC, listening: true, away: true }),
      input: { kind: 'close' },
      state: 'closed',
      effects: ['release', 'listen false', 'status closed'],
      check: (next) => expect(step(next, { kind: 'connect' }, world()).model.state).to.equal('connecting'),
    },
    {
      name: 'a new retry-interval: nothing to do now',
      from: connected(),
      input: { kind: 'options', changes: { retryInterval: 50 } },
      state: 'connected',
      effects: [],
    },
  ];

  for (const { name, from, input, context, state, effects, check } of cases) {
    it(name, () => {
      const next = step(from, input, context ?? world());
      expect(kinds(next.effects)).to.deep.equal(effects);
      expect(next.model.state).to.equal(state);
      expect(Object.isFrozen(next.model), 'the model is immutable').to.equal(true);
      check?.(next.model);
    });
  }

  it('a gap says the id sent and the id the server resumed from (null for the gap event)', () => {
    const header = step(model({}, { state: 'connecting', url: SRC, requested: '5' }), { kind: 'opened', origin: '', resumedFrom: 'earliest' }, world()).effects;
    const event = step(connected({ gapEvent: 'lost' }, { requested: '5' }), { kind: 'event', event: { type: 'lost', data: '', lastEventId: '5' } }, world()).effects;
    expect(header.filter((effect) => effect.kind === 'gap')).to.deep.equal([{ kind: 'gap', gap: { requested: '5', resumedFrom: 'earliest', reason: 'header' } }]);
    expect(event.filter((effect) => effect.kind === 'gap')).to.deep.equal([{ kind: 'gap', gap: { requested: '5', resumedFrom: null, reason: 'event' } }]);
  });

  it('the eventsource request listens for the close and gap events besides events', () => {
    const { effects } = step(model({ transport: 'eventsource', events: ['tick'], closeEvent: 'done', gapEvent: 'lost' }), { kind: 'connect' }, world());
    const open = effects.find((effect) => effect.kind === 'open');
    expect(open?.kind === 'open' && open.request.events).to.deep.equal(['tick', 'done', 'lost']);
  });

  it('never changes the model it was given', () => {
    const from = connected();
    const copy = { ...from };
    step(from, { kind: 'failed', error: network, retryAfter: null }, world());
    expect(from).to.deep.equal(copy);
  });

  it('derives one status object per model, and the status told last is the model\'s own', () => {
    const next = step(model(), { kind: 'connect' }, world());
    const told = next.effects.filter((effect) => effect.kind === 'status').at(-1);
    expect(statusOf(next.model)).to.equal(statusOf(next.model));
    expect(told?.kind === 'status' && told.status).to.equal(statusOf(next.model));
  });

  it('runs a step in microseconds', () => {
    const from = connected();
    const input: Input = { kind: 'event', event: { type: 'message', data: 'x', lastEventId: '1' } };
    const rounds = 20_000;
    const started = performance.now();
    let current = from;
    for (let i = 0; i < rounds; i++) current = step(current, input, world()).model;
    const perStep = ((performance.now() - started) * 1000) / rounds;
    expect(perStep, 'µs per step').to.be.below(50);
  });
});

describe('step: a plain message moves the counts alone, with no step', () => {
  // Connected, stable, fresh, and a message dispatched on this attempt already.
  const steady = (options: Partial<FeedOptions> = {}, changes: Partial<Model> = {}) =>
    connected(options, { stable: true, dispatched: true, origin: 'https://stream.test', messages: 4, lastEventId: '4', lastMessageAt: 999_000, ...changes });
  const event = (data: string, type = 'message', lastEventId = '5') => ({ type, data, lastEventId });

  it('tells the message its step would, and the counts give the model its step would make', () => {
    for (const [from, given] of [
      [steady(), event('hi')],
      [steady({ json: true }), event('{"n":5}')],
      [steady({ closeData: '[DONE]', closeEvent: 'done', gapEvent: 'lost' }), event('[DONE] ')],
      [steady({}, { attempt: 0 }), event('x', 'tick', '')],
    ] as const) {
      const message = plainMessage(from, given, 'https://other.test');
      const stepped = step(from, { kind: 'event', event: given, origin: 'https://other.test' }, world());
      expect(stepped.effects).to.deep.equal([{ kind: 'message', message }]);
      const next = counted(from, 1, message!, 1_000_000);
      expect(next).to.deep.equal(stepped.model);
      expect(counted(from, 3, message!, 1_000_000).messages, 'several at once').to.equal(7);
      expect(Object.isFrozen(next), 'the model is immutable').to.equal(true);
      expect(from.messages, 'the model given is left as it was').to.equal(4);
    }
  });

  const steps: Array<[string, Model, ReturnType<typeof event>]> = [
    ['not stable yet (the attempt count goes back to 0)', steady({}, { stable: false }), event('hi')],
    ['the first message of the attempt (a broken POST is then not sent again)', steady({}, { dispatched: false }), event('hi')],
    ['stale (fresh again: sse-state)', steady({}, { stale: true }), event('hi')],
    ['the close data', steady({ closeData: '[DONE]' }), event('[DONE]')],
    ['the close event', steady({ closeEvent: 'done' }), event('bye', 'done')],
    ['the gap event', steady({ gapEvent: 'lost' }), event('', 'lost')],
    ['data that is not JSON with json (kind parse)', steady({ json: true }), event('{')],
    // Empty data never comes (an event without data is not dispatched): it may take its step whatever the close data.
    ['empty data without close data', steady(), event('')],
  ];
  for (const [name, from, given] of steps) {
    it(`takes its step when ${name}`, () => {
      expect(plainMessage(from, given, from.origin)).to.equal(null);
    });
  }
  for (const [name, from, given] of steps.slice(0, -1)) {
    it(`needs its step when ${name}: it does more than count and tell`, () => {
      const { model: next, effects } = step(from, { kind: 'event', event: given }, world());
      const message = effects.find((effect) => effect.kind === 'message');
      const countsAlone = effects.length === 1 && message?.kind === 'message' && JSON.stringify(counted(from, 1, message.message, 1_000_000)) === JSON.stringify(next);
      expect(countsAlone).to.equal(false);
    });
  }
});

// ---- Property: random sequences against a simulated shell --------------------------------------------

/** `model`: the last step's; `plain`: the plain messages told since, as the shell tallies them (count, last, when). */
type Simulated = {
  model: Model;
  plain: { count: number; last: FeedMessage; at: number } | null;
  armed: Set<Timer>;
  open: number;
  listening: boolean;
  away: boolean;
};

/** Runs effects as the shell would, counting what is held: timers, the open request, the listeners. */
function apply(sim: Simulated, effects: Effect[]): void {
  for (const effect of effects) {
    if (effect.kind === 'open') {
      expect(sim.open, 'a request opens only after the previous one was released').to.equal(0);
      sim.open = 1;
    } else if (effect.kind === 'release') {
      sim.open = 0;
      sim.armed.clear();
    } else if (effect.kind === 'arm') {
      if (effect.ms === Infinity) sim.armed.delete(effect.timer);
      else sim.armed.add(effect.timer);
    } else if (effect.kind === 'listen') {
      sim.listening = effect.on;
    }
  }
}

const inputs: fc.Arbitrary<Input> = fc.oneof(
  fc.constantFrom<Input>(
    { kind: 'connect' },
    { kind: 'reconnect' },
    { kind: 'close' },
    { kind: 'opened', origin: 'https://stream.test' },
    { kind: 'ended' },
    { kind: 'stopped' },
    { kind: 'online' },
    { kind: 'offline' },
    { kind: 'visibilitychange' },
    { kind: 'pagehide', persisted: false },
    { kind: 'pagehide', persisted: true },
    { kind: 'pageshow' },
    { kind: 'freeze' },
    { kind: 'resume' },
    { kind: 'failed', error: network, retryAfter: null },
    { kind: 'failed', error: feedError('http', '404', true, 404), retryAfter: null },
    { kind: 'failed', error: feedError('http', '503', false, 503), retryAfter: 4000 },
    { kind: 'event', event: { type: 'message', data: '1', lastEventId: '1' } },
    { kind: 'event', event: { type: 'done', data: '', lastEventId: '' } },
    { kind: 'event', event: { type: 'message', data: '[DONE]', lastEventId: '' } },
    { kind: 'event', event: { type: 'message', data: 'token', lastEventId: '' } },
    { kind: 'close-event', type: 'done' },
    { kind: 'opened', origin: 'https://stream.test', resumedFrom: 'earliest' },
  ),
  // Ordinary messages, more of them: a run of them is what a stream mostly is.
  {
    arbitrary: fc.integer({ min: 1, max: 99 }).map((n): Input => ({ kind: 'event', event: { type: 'message', data: String(n), lastEventId: String(n) } })),
    weight: 2,
  },
  fc.constantFrom<Timer>('retry', 'stall', 'stable', 'stale').map((timer): Input => ({ kind: 'timer', timer })),
  // retryMaxCount stays as the feed began: lowering it during a wait keeps the retry already scheduled
  // (attempt above the new max until the next failure gives up), as it always did.
  fc.record({ stallTimeout: fc.constantFrom(0, 2000), staleAfter: fc.constantFrom(0, 1000), pauseWhenHidden: fc.boolean() }).map(
    (changes): Input => ({ kind: 'options', changes }),
  ),
);

// Transport reports come only while a request is open, timers only while armed, page signals only while listening:
// the shell's sink, timer set and listeners see to it.
function possible(sim: Simulated, input: Input): boolean {
  if (['opened', 'ended', 'stopped', 'failed', 'event'].includes(input.kind)) return sim.open === 1;
  if ((SIGNALS as readonly string[]).includes(input.kind)) return sim.listening;
  if (input.kind === 'timer') return sim.armed.has(input.timer);
  return true;
}

describe('step: random sequences keep the invariants', () => {
  let plain = 0;
  // The shell's path for plain messages is exercised, not only the step's (about 120-200 of them a run).
  after(() => expect(plain, 'plain messages told without a step, over all runs').to.be.above(50));

  it('no timer, listener or request after close; stale only connected; retryAt only retrying; attempt within the max; one request at a time; a broken answer is not sent again; nothing held and nothing told while cached or frozen', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(inputs, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 5000 })), { maxLength: 60, size: 'max' }),
        fc.record({
          closeEvent: fc.constantFrom('', 'done'),
          closeData: fc.constantFrom('', '[DONE]'),
          method: fc.constantFrom('GET', 'POST'),
          resend: fc.constantFrom<FeedOptions['resend']>('auto', 'always'),
          retryMaxCount: fc.constantFrom(0, 3),
        }),
        fc.boolean(),
        (sequence, options, ids) => {
          const sim: Simulated = { model: model({ ...options, stallTimeout: 2000, staleAfter: 1000 }), plain: null, armed: new Set(), open: 0, listening: false, away: false };
          let now = 1_000_000;
          for (const [given, offline, hidden, wait] of sequence) {
            // A stream with ids, or one without (a chat answer): the resend rule differs.
            const input = !ids && given.kind === 'event' ? { ...given, event: { ...given.event, lastEventId: '' } } : given;
            if (!possible(sim, input)) continue;
            now += wait;
            const context = { ...world({ now, offline, hidden }), lastActivity: () => now - wait };
            // The shell's model: the last step's with the counts of the plain messages since.
            const before = sim.plain === null ? sim.model : counted(sim.model, sim.plain.count, sim.plain.last, sim.plain.at);
            const { model: next, effects } = step(before, input, context);
            const message = input.kind === 'event' ? plainMessage(sim.model, input.event, input.origin ?? sim.model.origin) : null;
            if (message !== null && input.kind === 'event') {
              // Told and tallied by the shell with no step: exactly what the step says, and nothing else.
              plain += 1;
              expect(effects, 'a plain message asks for nothing but telling it').to.deep.equal([{ kind: 'message', message }]);
              sim.plain = { count: (sim.plain?.count ?? 0) + 1, last: message, at: now - wait };
              expect(counted(sim.model, sim.plain.count, message, now - wait), 'the tally makes the model the steps make').to.deep.equal(next);
            } else {
              sim.model = next;
              sim.plain = null;
            }
            const broke = input.kind === 'failed' || (input.kind === 'timer' && input.timer === 'stall');
            if (broke && before.dispatched && before.lastEventId === '' && before.options.method !== 'GET' && before.options.resend === 'auto') {
              expect(effects.some((effect) => effect.kind === 'open' || (effect.kind === 'arm' && effect.timer === 'retry')), 'a broken answer is not sent again').to.equal(false);
            }
            apply(sim, effects);
            const status = statusOf(next);
            const going = (input.kind === 'pagehide' && input.persisted) || input.kind === 'freeze';
            if (going || input.kind === 'pageshow' || input.kind === 'resume') {
              expect(effects.some((effect) => effect.kind === 'error' && effect.error.kind !== 'offline'), 'leaving or coming back is no error').to.equal(false);
              expect(next.attempt, 'leaving or coming back spends no attempt').to.equal(before.attempt);
            }
            if (going) sim.away = true;
            // A feed that is done stops listening: it will not hear the page come back, and starts afresh.
            else if (input.kind === 'pageshow' || input.kind === 'resume' || ['closed', 'failed', 'idle'].includes(status.state)) sim.away = false;
            if (sim.away) {
              expect([sim.open, sim.armed.size], 'no request and no timer while cached or frozen').to.deep.equal([0, 0]);
              expect(status.state, 'paused while cached or frozen').to.equal('paused');
            }
            if (input.kind === 'close') {
              expect([sim.armed.size, sim.open, sim.listening], 'nothing held after close').to.deep.equal([0, 0, false]);
              expect(status.state).to.equal('closed');
            }
            if (status.stale) expect(status.state, 'stale only while connected').to.equal('connected');
            if (status.retryAt !== null) expect(status.state, 'retryAt only while retrying').to.equal('retrying');
            if (status.state === 'retrying') expect(status.attempt, 'attempt within retry-max-count while retrying').to.be.at.most(status.retryMaxCount);
            expect(status.attempt, 'attempt at most one past the max (the failure that gave up)').to.be.at.most(status.retryMaxCount + 1);
            if (['closed', 'failed', 'idle'].includes(status.state)) expect([sim.armed.size, sim.open], `nothing running once ${status.state}`).to.deep.equal([0, 0]);
            if (status.state !== 'connecting' && status.state !== 'connected') expect(sim.open, `no request while ${status.state}`).to.equal(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

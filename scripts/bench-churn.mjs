// @ts-check
// "Churn": thousands of connect / drop / reconnect cycles of one <sse-feed> (the shipped bundle) against a local
// server in Chromium, then what is left: JS heap after GC, timers, and window/document listeners. Used by bench.mjs.

import { count, launchChromium, markdownTable, openFeedPage, sleep, startPageServer } from './bench-common.mjs';

/**
 * Runs in the page before any module (a classic inline script): counts the timers and window/document
 * listeners created from now on that are still outstanding, as test/sse-feed-helpers.ts watchResources does.
 * `window.__resources` reads them; the bench's own timers use `__resources.setTimeout` (not counted).
 */
const PRELUDE = `(() => {
  const pendingTimeouts = new Set();
  const pendingIntervals = new Set();
  const listening = new Map();
  const keys = new WeakMap();
  let nextKey = 0;
  const created = { timeouts: 0, intervals: 0, listeners: 0 };
  const original = {
    setTimeout: window.setTimeout, clearTimeout: window.clearTimeout,
    setInterval: window.setInterval, clearInterval: window.clearInterval,
  };
  window.setTimeout = function (handler, ms, ...args) {
    let id = 0;
    const run = typeof handler === 'function' ? (...rest) => { pendingTimeouts.delete(id); handler(...rest); } : handler;
    id = original.setTimeout.call(window, run, ms, ...args);
    pendingTimeouts.add(id);
    created.timeouts += 1;
    return id;
  };
  window.clearTimeout = function (id) { pendingTimeouts.delete(id); original.clearTimeout.call(window, id); };
  window.setInterval = function (...args) { const id = original.setInterval.apply(window, args); pendingIntervals.add(id); created.intervals += 1; return id; };
  window.clearInterval = function (id) { pendingIntervals.delete(id); original.clearInterval.call(window, id); };
  const capture = (options) => Boolean(typeof options === 'boolean' ? options : options && options.capture);
  const keyOf = (name, type, listener, options) => {
    let key = keys.get(listener);
    if (key === undefined) keys.set(listener, (key = nextKey += 1));
    return name + ':' + type + ':' + key + ':' + capture(options);
  };
  for (const [name, target] of [['window', window], ['document', document]]) {
    const add = target.addEventListener;
    const remove = target.removeEventListener;
    target.addEventListener = function (type, listener, options) {
      if (listener) { listening.set(keyOf(name, type, listener, options), name + ':' + type); created.listeners += 1; }
      return add.call(target, type, listener, options);
    };
    target.removeEventListener = function (type, listener, options) {
      if (listener) listening.delete(keyOf(name, type, listener, options));
      return remove.call(target, type, listener, options);
    };
  }
  window.__resources = {
    setTimeout: (callback, ms) => original.setTimeout.call(window, callback, ms),
    snapshot: () => ({
      timeouts: pendingTimeouts.size,
      intervals: pendingIntervals.size,
      listeners: [...listening.values()],
      created: { ...created },
    }),
  };
})();`;

/** The ways a cycle drops the connection; each phase runs `cycles / 4` of one kind. */
const PHASES = [
  { key: 'reconnect', what: 'feed.reconnect() after each message', mode: 'hold' },
  { key: 'close-connect', what: 'feed.close(); feed.connect() after each message', mode: 'hold' },
  { key: 'remove-append', what: 'feed.remove(), a task later document.body.append(feed), after each message', mode: 'hold' },
  {
    key: 'server-drop',
    what: 'the server ends each stream after one message; the feed retries by itself (retry-interval="1" retry-jitter="0")',
    mode: 'end',
  },
];

/** Runs in the page: creates the feed (not yet attached) and the message waiter. */
function setUpFeed() {
  const feed = document.createElement('sse-feed');
  /** @type {Window['__churn']} */
  const churn = { feed, waiting: null, lastId: 0, messages: 0, repeated: 0, errors: 0, lastError: '' };
  feed.addEventListener('sse-message', (event) => {
    // Every connection sends one message, numbered by the server: a number not above the last one was
    // delivered twice (or late, from a dropped connection).
    const id = Number(event.detail.lastEventId);
    if (id <= churn.lastId) churn.repeated += 1;
    churn.lastId = Math.max(churn.lastId, id);
    churn.messages += 1;
    const waiting = churn.waiting;
    churn.waiting = null;
    waiting?.();
  });
  feed.addEventListener('sse-error', (event) => {
    churn.errors += 1;
    churn.lastError = `${event.detail.kind}: ${event.detail.message}`;
  });
  window.__churn = churn;
}

/**
 * Runs in the page: `cycles` cycles of one phase; resolves to the cycles done and the time taken.
 * @param {{ phase: string, src: string, cycles: number }} options
 */
function runPhase({ phase, src, cycles }) {
  const churn = window.__churn;
  const feed = churn.feed;
  const nextMessage = () =>
    /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
      const timer = window.__resources.setTimeout(() => reject(new Error(`${phase}: no message in 10 s after ${done} cycles (state ${feed.status.state}, ${churn.messages} messages; ${churn.lastError})`)), 10_000);
      churn.waiting = () => {
        clearTimeout(timer);
        resolve();
      };
    }));
  let done = 0;
  const idBefore = churn.lastId;
  return (async () => {
    const started = performance.now();
    // The first connection of the phase: a new src (and, for server-drop, the fast retry policy).
    const first = nextMessage();
    if (phase === 'server-drop') {
      feed.retryInterval = 1;
      feed.retryJitter = 0;
      feed.retryMaxCount = Infinity;
    } else {
      feed.retryInterval = 1000;
      feed.retryJitter = 0.3;
      feed.retryMaxCount = 10;
    }
    feed.src = src;
    if (!feed.isConnected) document.body.append(feed);
    await first;
    while (done < cycles) {
      const message = nextMessage();
      if (phase === 'reconnect') feed.reconnect();
      else if (phase === 'close-connect') {
        feed.close();
        feed.connect();
      } else if (phase === 'remove-append') {
        feed.remove();
        // Out of the document for a task: a remove and append in one go is a move, which keeps the stream.
        await new Promise((resolve) => window.__resources.setTimeout(() => resolve(undefined), 0));
        document.body.append(feed);
      }
      await message;
      done += 1;
    }
    // The server numbers every request: the ids up to the last message delivered count the requests it
    // answered for this phase (after server-drop the feed goes on by itself; those come later).
    const requests = churn.lastId - idBefore;
    return { done, requests, ms: performance.now() - started, repeated: churn.repeated, errors: churn.errors, state: feed.status.state };
  })();
}

/**
 * The entries of `now` beyond those of `before` (as multisets: one name may be listened for twice).
 * @param {string[]} now @param {string[]} before
 */
function added(now, before) {
  const left = [...before];
  return now.filter((name) => {
    const at = left.indexOf(name);
    if (at === -1) return true;
    left.splice(at, 1);
    return false;
  });
}

/**
 * Used JS heap after full garbage collections, and the renderer's DOM counters.
 * @param {import('playwright-core').CDPSession} cdp
 */
async function heapAfterGc(cdp) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return { used: usedSize, listeners: dom.jsEventListeners, nodes: dom.nodes };
}

/**
 * Runs the section: prints one Markdown table and resolves to its figures, or null without Chromium.
 * @param {{ bundle: import('./bench-common.mjs').PageScript, quick: boolean, cycles: number }} options
 */
export async function churnBench({ bundle, quick, cycles }) {
  const perPhase = Math.max(1, Math.round(cycles / PHASES.length));
  const warmUp = quick ? 20 : 100;
  /** @type {{ requests: number, open: number, openUrls: Map<number, string>, lastClosedAt: number }} */
  const streams = { requests: 0, open: 0, openUrls: new Map(), lastClosedAt: 0 };
  const server = await startPageServer({
    scripts: { feed: bundle },
    prelude: PRELUDE,
    handle(_request, response, url) {
      if (url.pathname !== '/churn') return false;
      streams.requests += 1;
      streams.open += 1;
      const id = streams.requests;
      streams.openUrls.set(id, url.search);
      response.on('close', () => {
        streams.open -= 1;
        streams.openUrls.delete(id);
        streams.lastClosedAt = Date.now();
      });
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      response.write(`id: ${streams.requests}\ndata: cycle ${streams.requests}\n\n`);
      if (url.searchParams.get('mode') === 'end') response.end();
      return true;
    },
  });
  const browser = await launchChromium('churn');
  if (!browser) {
    await server.close();
    return null;
  }
  const started = Date.now();
  try {
    const page = await browser.newPage();
    /** @type {string[]} */
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openFeedPage(page, `${server.url}page?scripts=feed`);
    const cdp = await page.context().newCDPSession(page);
    const atLoad = await page.evaluate(() => window.__resources.snapshot());
    await page.evaluate(setUpFeed);
    const src = (/** @type {(typeof PHASES)[number]} */ phase, /** @type {string} */ round) => `${server.url}churn?mode=${phase.mode}&phase=${phase.key}&round=${round}`;

    // Warm-up: every phase a little, so what the first cycles allocate once (code, caches) is not "growth".
    for (const phase of PHASES) await page.evaluate(runPhase, { phase: phase.key, src: src(phase, 'warm'), cycles: warmUp });
    await page.evaluate(runPhase, { phase: 'reconnect', src: src(PHASES[0], 'base'), cycles: 1 });
    const before = await heapAfterGc(cdp);

    const phases = [];
    /** @type {string[]} */
    const failures = [];
    for (const phase of PHASES) {
      const result = await page.evaluate(runPhase, { phase: phase.key, src: src(phase, 'measured'), cycles: perPhase }).catch((error) => {
        // A cycle that never completed (a lost message, a feed that stopped): a finding, not a crash.
        failures.push(String(error instanceof Error ? error.message : error).split('\n')[0].replace(/^page\.evaluate: Error: /, ''));
        return null;
      });
      if (result === null) break;
      const heap = await heapAfterGc(cdp);
      phases.push({ ...phase, ...result, heapAfter: heap.used });
      process.stdout.write('.');
    }
    // Back where the baseline was taken: connected on a held stream, then measured the same way.
    await page.evaluate(runPhase, { phase: 'reconnect', src: src(PHASES[0], 'end'), cycles: 1 }).catch((error) => {
      failures.push(String(error instanceof Error ? error.message : error).split('\n')[0].replace(/^page\.evaluate: Error: /, ''));
    });
    const after = await heapAfterGc(cdp);
    const requests = phases.reduce((sum, phase) => sum + phase.requests, 0);

    // Then closed: nothing may be left.
    const closedAt = Date.now();
    await page.evaluate(() => window.__churn.feed.close());
    await sleep(300);
    const afterClose = await page.evaluate(() => window.__resources.snapshot());
    const openAt300 = [...streams.openUrls.values()];
    // The server sees an aborted stream close a moment later: give it up to 5 s, and say how long it took.
    while (streams.open > 0 && Date.now() - closedAt < 5000) await sleep(20);
    const openAfterClose = streams.open;
    const openUrls = [...streams.openUrls.values()];
    const closeSeenMs = streams.lastClosedAt - closedAt;
    await page.evaluate(() => window.__churn.feed.remove());
    await sleep(300);
    const afterRemove = await page.evaluate(() => window.__resources.snapshot());
    const final = await heapAfterGc(cdp);
    const status = await page.evaluate(() => ({ ...window.__churn.feed.status, error: window.__churn.feed.status.error?.kind ?? null }));
    const churnState = await page.evaluate(() => ({ repeated: window.__churn.repeated, errors: window.__churn.errors, messages: window.__churn.messages }));
    await cdp.detach();
    await page.close();
    process.stdout.write('\n');

    const total = phases.reduce((sum, phase) => sum + phase.done, 0);
    const growth = after.used - before.used;
    const leftTimers = afterClose.timeouts - atLoad.timeouts + (afterClose.intervals - atLoad.intervals);
    const leftAfterClose = added(afterClose.listeners, atLoad.listeners);
    const leftAfterRemove = added(afterRemove.listeners, atLoad.listeners);
    const newListeners = leftAfterClose.length;
    const rows = [['cycles', 'how each cycle drops the connection', 'cycles/s', 'requests (cycles + the first)', 'heap after GC, after the phase']];
    for (const phase of phases) {
      rows.push([
        count(phase.done),
        phase.what,
        count(phase.done / (phase.ms / 1000)),
        count(phase.requests),
        `${(phase.heapAfter / 1024).toFixed(0)} KB`,
      ]);
    }
    const summary = [
      ['figure', 'value', 'target'],
      [
        `JS heap after GC: before the ${count(total)} cycles → after (connected both times)`,
        `${(before.used / 1024).toFixed(0)} KB → ${(after.used / 1024).toFixed(0)} KB: ${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(1)} KB`,
        `< 1 MB growth: ${growth < 1024 * 1024 ? 'met' : 'not met'}`,
      ],
      [
        'renderer event listeners (CDP Memory.getDOMCounters jsEventListeners) before → after',
        `${before.listeners} → ${after.listeners} (after close and remove: ${final.listeners})`,
        '',
      ],
      [
        'timers pending after close() (setTimeout + setInterval created since load, not fired or cleared)',
        `${leftTimers} (after remove: ${afterRemove.timeouts - atLoad.timeouts + afterRemove.intervals - atLoad.intervals})`,
        `0: ${leftTimers === 0 ? 'met' : 'not met'}`,
      ],
      [
        'window/document listeners left after close()',
        `${newListeners}${newListeners > 0 ? ` (${leftAfterClose.join(', ')})` : ''} (after remove: ${leftAfterRemove.length})`,
        `0: ${newListeners === 0 ? 'met' : 'not met'}`,
      ],
      [
        'streams still open at the server 5 s after close()',
        (openAfterClose === 0 ? `0 (the server saw the last one close ${closeSeenMs} ms after close())` : `${openAfterClose}: ${openUrls.join(', ')}`) +
          (openAt300.length > 0 && openAfterClose === 0 ? `; open 300 ms after close(): ${openAt300.join(', ')}` : ''),
        `0: ${openAfterClose === 0 ? 'met' : 'not met'}`,
      ],
      ...failures.map((failure) => ['FLAGGED: a cycle did not complete', failure, '']),
      [
        'requests the server answered up to each phase\'s last message / messages delivered twice or late / page errors',
        `${count(requests)} for ${count(total + phases.length)} connections / ${churnState.repeated} / ${pageErrors.length}`,
        '',
      ],
    ];
    console.log(
      `\n## Churn\n\nChromium ${browser.version()} (headless=new), one <sse-feed> (dist/sse-feed.bundle.js) against a local server ` +
        `that sends each request one message (\`id: N\`) and then holds the stream (or ends it, for server-drop); ${count(total)} ` +
        `measured cycles (${count(perPhase)} per kind) after ${warmUp} warm-up cycles of each kind; a cycle = the message of ` +
        `one connection arrived and the next connection delivered its message; ${((Date.now() - started) / 1000).toFixed(0)} s. ` +
        'Heap = used JS heap after three forced GCs (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage). Timers and ' +
        'window/document listeners are counted by wrappers installed before the bundle loads (as test/sse-feed-helpers.ts ' +
        'watchResources does), from page load on.',
    );
    console.log(`\n${markdownTable(rows)}\n\n${markdownTable(summary)}`);
    return {
      chromium: browser.version(),
      cycles: total,
      warmUpPerKind: warmUp,
      phases: phases.map(({ key, what, done, ms, requests, heapAfter, errors }) => ({ key, what, cycles: done, ms, requests, heapAfterBytes: heapAfter, errorsSoFar: errors })),
      heapBeforeBytes: before.used,
      heapAfterBytes: after.used,
      heapGrowthBytes: growth,
      heapAfterCloseAndRemoveBytes: final.used,
      rendererListeners: { before: before.listeners, after: after.listeners, afterCloseAndRemove: final.listeners },
      timersLeftAfterClose: leftTimers,
      windowDocumentListenersLeftAfterClose: leftAfterClose,
      windowDocumentListenersLeftAfterRemove: leftAfterRemove,
      openStreamsAfterClose: openAfterClose,
      openStreamUrlsAfterClose: openUrls,
      serverSawLastCloseMs: closeSeenMs,
      openStreamUrls300msAfterClose: openAt300,
      requests,
      repeatedMessages: churnState.repeated,
      pageErrors,
      failures,
      finalState: status.state,
      targets: {
        heapGrowthUnder1MB: growth < 1024 * 1024,
        noTimersLeft: leftTimers === 0,
        noListenersLeft: newListeners === 0,
      },
    };
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
}

// @ts-check
// "Recovery": how soon <sse-feed> (the shipped bundle) is back on the wire when the network returns (the
// `online` event) and when a server that answered 503 or refused connections accepts again, with default
// settings, in Chromium. The server logs each request's arrival with Date.now(), the page its moments with
// Date.now() too (one machine, one clock). Used by bench.mjs.

import { createServer } from 'node:http';

import { launchChromium, markdownTable, median, openFeedPage, sleep, startPageServer } from './bench-common.mjs';

/** The issue's target: from `online` to the request on the wire. */
export const ONLINE_TARGET_MS = 100;

/**
 * Runs in the page: a feed with default settings on `src`; records its states; resolves once created.
 * @param {{ src: string, transport: 'fetch' | 'eventsource' }} options
 */
function startFeed({ src, transport }) {
  const feed = document.createElement('sse-feed');
  /** @type {Window['__recovery']['log']} */
  const log = { states: [], messages: 0, startedAt: Date.now() };
  feed.addEventListener('sse-state', (event) => {
    const { state, attempt, retryDelay, retryAt } = event.detail;
    log.states.push({ at: Date.now(), state, attempt, retryDelay, retryAt, kind: event.detail.error?.kind ?? null });
  });
  feed.addEventListener('sse-message', () => (log.messages += 1));
  feed.transport = transport;
  feed.src = src;
  document.body.append(feed);
  window.__recovery = { feed, log };
  return log.startedAt;
}

/**
 * Runs in the page: `navigator.onLine` made to report `online`, and the matching window event (as setOnline in the tests).
 * @param {boolean} online
 */
function setOnline(online) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  const at = Date.now();
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
  return at;
}

/**
 * Polls `check` every 5 ms until it returns something truthy, or throws after `ms`.
 * @template T @param {() => T | Promise<T>} check @param {number} ms @param {string} what
 * @returns {Promise<NonNullable<T>>}
 */
async function waitFor(check, ms, what) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * The scheduled wait in progress at `at`: the last `retrying` state with a delay whose wait began by then.
 * @param {Window['__recovery']['log']['states']} states @param {number} at
 */
function waitInProgress(states, at) {
  const scheduled = states.filter((status) => status.state === 'retrying' && status.retryDelay !== null && status.at <= at);
  return scheduled.at(-1) ?? null;
}

/**
 * Runs the section: prints one Markdown table and resolves to its figures, or null without Chromium.
 * @param {{ bundle: import('./bench-common.mjs').PageScript, quick: boolean, rounds: number }} options
 */
export async function recoveryBench({ bundle, quick, rounds }) {
  // Every request of every token, with its arrival time; `down` tokens answer 503 until `backAt`.
  /** @type {Map<string, number[]>} */
  const arrivals = new Map();
  /** @type {Map<string, number>} */
  const down = new Map();
  const record = (/** @type {string} */ token) => {
    const list = arrivals.get(token) ?? [];
    arrivals.set(token, list);
    list.push(Date.now());
    return list.length;
  };
  const stream = (/** @type {import('node:http').ServerResponse} */ response, /** @type {number} */ n) => {
    response.write(`id: ${n}\ndata: hello ${n}\n\n`); // then held open
  };
  const server = await startPageServer({
    scripts: { feed: bundle },
    handle(_request, response, url) {
      if (url.pathname !== '/recover') return false;
      const token = url.searchParams.get('token') ?? '';
      const n = record(token);
      if (Date.now() < (down.get(token) ?? 0)) {
        response.writeHead(503, { 'Content-Type': 'text/plain' }).end('down');
        return true;
      }
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      stream(response, n);
      return true;
    },
  });
  const browser = await launchChromium('recovery');
  if (!browser) {
    await server.close();
    return null;
  }
  const started = Date.now();
  const openPage = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openFeedPage(page, `${server.url}page?scripts=feed`);
    return { page, context };
  };

  try {
    // ---- online → request --------------------------------------------------------------------------
    /** @type {{ transport: string, round: number, ms: number | null, error?: string }[]} */
    const online = [];
    for (let round = 0; round < rounds; round++) {
      for (const transport of /** @type {('fetch' | 'eventsource')[]} */ (round % 2 === 0 ? ['fetch', 'eventsource'] : ['eventsource', 'fetch'])) {
        const { page, context } = await openPage();
        try {
          const token = `online-${transport}-${round}`;
          await page.evaluate(startFeed, { src: `${server.url}recover?token=${token}`, transport });
          await page.waitForFunction(() => window.__recovery.log.messages > 0, null, { timeout: 10_000 });
          await page.evaluate(setOnline, false);
          await page.waitForFunction(() => window.__recovery.feed.status.error?.kind === 'offline', null, { timeout: 10_000 });
          await sleep(200);
          const before = arrivals.get(token)?.length ?? 0;
          const onlineAt = await page.evaluate(setOnline, true);
          const arrivedAt = await waitFor(() => arrivals.get(token)?.[before], 10_000, 'the request after online');
          online.push({ transport, round, ms: arrivedAt - onlineAt });
        } catch (error) {
          online.push({ transport, round, ms: null, error: (error instanceof Error ? error.message : String(error)).split('\n')[0] });
        } finally {
          await context.close();
        }
        process.stdout.write('.');
      }
    }

    // ---- server back → request -----------------------------------------------------------------------
    const downFor = quick ? [1000] : [2000, 4500];
    /** @type {({ key: string, what: string, downMs: number, error: string } | { key: string, what: string, downMs: number, error?: undefined, ms: number, attemptsWhileDown: number, failuresWhileDown: number, delayInProgressMs: number | null, delayBeganMsBeforeBack: number | null })[]} */
    const back = [];
    /** @type {{ key: string, what: string, transport: 'fetch' | 'eventsource', refuse: boolean, downFor: number[] }[]} */
    const variants = [
      { key: 'fetch-503', what: 'fetch transport, server answers 503', transport: 'fetch', refuse: false, downFor },
      { key: 'fetch-refused', what: 'fetch transport, connection refused (nothing listening)', transport: 'fetch', refuse: true, downFor },
      { key: 'eventsource-503', what: 'eventsource transport, server answers 503', transport: 'eventsource', refuse: false, downFor: downFor.slice(0, 1) },
    ];
    for (const variant of variants) {
      for (const downMs of variant.downFor) {
        const { page, context } = await openPage();
        const token = `${variant.key}-${downMs}`;
        /** @type {import('node:http').Server | null} */
        let refusing = null;
        try {
          let src = `${server.url}recover?token=${token}`;
          let backAt;
          if (variant.refuse) {
            // A port nobody listens on (yet): taken and given back, then listened on again when the server is "back".
            const probe = createServer();
            await new Promise((done) => probe.listen(0, '127.0.0.1', () => done(undefined)));
            const port = /** @type {import('node:net').AddressInfo} */ (probe.address()).port;
            await new Promise((done) => probe.close(done));
            const listener = createServer((request, response) => {
              const n = record(token);
              const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Last-Event-ID, Cache-Control' };
              if (request.method === 'OPTIONS') {
                response.writeHead(204, cors).end();
                return;
              }
              response.writeHead(200, { ...cors, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
              stream(response, n);
            });
            src = `http://127.0.0.1:${port}/recover?token=${token}`;
            const startedAt = await page.evaluate(startFeed, { src, transport: variant.transport });
            await sleep(Math.max(0, startedAt + downMs - Date.now()));
            refusing = listener;
            await new Promise((done) => listener.listen(port, '127.0.0.1', () => done(undefined)));
            backAt = Date.now();
          } else {
            down.set(token, Infinity);
            const startedAt = await page.evaluate(startFeed, { src, transport: variant.transport });
            await sleep(Math.max(0, startedAt + downMs - Date.now()));
            backAt = Date.now();
            down.set(token, backAt);
          }
          const arrivedAt = await waitFor(
            () => (arrivals.get(token) ?? []).find((at) => at >= backAt),
            40_000,
            `the first request after the server came back (${variant.key})`,
          ).catch((error) => {
            back.push({ key: variant.key, what: variant.what, downMs, error: error instanceof Error ? error.message : String(error) });
            return null;
          });
          if (arrivedAt === null) continue;
          await page.waitForFunction(() => window.__recovery.log.messages > 0, null, { timeout: 10_000 });
          const log = await page.evaluate(() => window.__recovery.log);
          const wait = waitInProgress(log.states, backAt);
          const failed = log.states.filter((status) => status.state === 'retrying' && status.at <= backAt).length;
          back.push({
            key: variant.key,
            what: variant.what,
            downMs,
            ms: arrivedAt - backAt,
            attemptsWhileDown: (arrivals.get(token) ?? []).filter((at) => at < backAt).length,
            failuresWhileDown: failed,
            delayInProgressMs: wait?.retryDelay ?? null,
            delayBeganMsBeforeBack: wait ? backAt - wait.at : null,
          });
        } finally {
          await context.close();
          const listener = /** @type {import('node:http').Server | null} */ (refusing);
          if (listener) {
            listener.closeAllConnections();
            await new Promise((done) => listener.close(() => done(undefined)));
          }
        }
        process.stdout.write('.');
      }
    }
    process.stdout.write('\n');

    const rows = [['from', 'to the request on the wire', 'every round (ms), or what bounded it', 'target']];
    /** @type {Record<string, { medianMs: number, maxMs: number, rounds: number[], errors: (string | undefined)[] }>} */
    const onlineFigures = {};
    for (const transport of ['fetch', 'eventsource']) {
      const entries = online.filter((entry) => entry.transport === transport);
      const errors = entries.filter((entry) => entry.ms === null).map((entry) => entry.error);
      const values = entries.flatMap((entry) => (entry.ms === null ? [] : [entry.ms]));
      // A round that saw no request at all counts as the worst.
      const worst = errors.length > 0 ? Infinity : Math.max(...values);
      onlineFigures[transport] = { medianMs: median(values), maxMs: worst, rounds: values, errors };
      rows.push([
        `\`online\` event (${transport} transport, after \`offline\`)`,
        `${median(values)} ms median, ${worst} ms max`,
        `${values.join(' / ')}${errors.length > 0 ? `; FLAGGED: ${errors.join('; ')}` : ''}`,
        `< ${ONLINE_TARGET_MS} ms: ${worst < ONLINE_TARGET_MS ? 'met' : median(values) < ONLINE_TARGET_MS ? 'met by the median, not by every round' : 'not met'}`,
      ]);
    }
    for (const entry of back) {
      if (entry.error !== undefined) {
        rows.push([`server back after ${(entry.downMs / 1000).toFixed(1)} s down (${entry.what})`, 'FLAGGED', entry.error, '']);
        continue;
      }
      const remaining = entry.delayInProgressMs === null || entry.delayBeganMsBeforeBack === null ? null : entry.delayInProgressMs - entry.delayBeganMsBeforeBack;
      const wait =
        remaining === null
          ? 'no scheduled wait found'
          : `the backoff wait after failure ${entry.failuresWhileDown} (${entry.delayInProgressMs} ms) had ${remaining} ms to go`;
      rows.push([
        `server back after ${(entry.downMs / 1000).toFixed(1)} s down (${entry.what})`,
        `${entry.ms} ms`,
        wait,
        // A few ms over: the timer's own lateness and the request's way to the server.
        remaining === null ? '' : entry.ms <= remaining + 50 ? 'within that wait' : `FLAGGED: ${entry.ms - remaining} ms past that wait`,
      ]);
    }
    console.log(
      `\n## Recovery\n\nChromium ${browser.version()} (headless=new), one <sse-feed> with default settings (retry-interval 1000, ` +
        'retry-scaler 2, retry-jitter 0.3, retry-max-wait 30000) per round in a fresh page; the server logs each request\'s ' +
        'arrival with Date.now(), the page takes Date.now() as it dispatches `online` (after `offline`, with navigator.onLine ' +
        'overridden as test/sse-feed-helpers.ts setOnline does) or the bench takes it as the server starts answering again; ' +
        `${((Date.now() - started) / 1000).toFixed(0)} s. After a server outage nothing tells the page the server is back: ` +
        'the next request goes out when the backoff wait in progress ends, so that time is anywhere between 0 and the wait ' +
        '(the n-th consecutive failure waits min(30 s, 1 s × 2^(n-1)), jittered down by up to 30%), whatever the library.',
    );
    console.log(`\n${markdownTable(rows)}`);
    return {
      chromium: browser.version(),
      rounds,
      onlineToRequest: onlineFigures,
      onlineTargetMs: ONLINE_TARGET_MS,
      onlineTargetMet: Object.values(onlineFigures).every((figure) => figure.maxMs < ONLINE_TARGET_MS),
      serverBackToRequest: back,
    };
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
}

// @ts-check
// Soak (issue 11): what users load (dist/sse-feed.bundle.js: run `npm run build` first) in one Chromium page, four
// <sse-feed>s (fetch, eventsource, and a share="page" pair on one connection) with short retry settings, against a
// local numbered stream that resumes after Last-Event-ID and, every ~2 s, is dropped (a clean end or a cut
// connection, each in the middle of an event), goes silent (stall-timeout fires), or answers a burst of 5xx.
//
// Checks: every numbered message exactly once and in order on every feed, up to the last one the server wrote;
// after each fault, one open stream per connection again (three in all) and messages flowing; no feed ever holds
// two streams; the feeds saw the faults (network, stall and http errors); the used JS heap after forced garbage
// collections (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage) flat from the end of the first round of
// faults to the end (growth under 2 MiB); no page errors. Prints its tables and, last, `soak: N passed, N failed`
// (checks); exits 1 when a check failed.
//
// Usage: npm run soak [-- --short] [-- --seconds N] [-- --allow-stale]
//   --short        30 s of faults, under a minute in all (CI); the full run is 180 s
//   --seconds N    N seconds of faults
//   --allow-stale  load dist/ even when a source under components/ is newer than it

import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { markdownTable, median, sleep, snapshotDist } from './bench-common.mjs';
import { chromiumArgs, findChromium, playwrightLaunchOptions } from './chromium.mjs';
import { createChecks } from './checks.mjs';
import { flag, option } from './cli.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const short = flag('short');
const seconds = Number(option('seconds', short ? '30' : '180'));

const MESSAGE_EVERY = 20; // ms between numbered messages on each stream
const FAULT_EVERY = 2000; // ms from one fault to the next (later when recovery takes longer)
const SETTLE = 300; // ms of normal streaming at least between recovery and the next fault
const RECOVERY_DEADLINE = 8000;
const BURST = 1200; // ms of 5xx answers in a burst
const STALL_TIMEOUT = 1000;
const HEAP_GROWTH_LIMIT = 2 * 1024 * 1024;
// One round: each kind of fault once, in this order, over and over.
const FAULTS = ['drop (end)', 'stall', 'drop (cut)', '5xx burst'];

const RETRY = { 'retry-interval': 100, 'retry-max-wait': 800, 'retry-max-count': 'Infinity', 'stall-timeout': STALL_TIMEOUT };
const FEEDS = [
  { id: 'fetch', stream: 'fetch', transport: 'fetch', attributes: {} },
  { id: 'eventsource', stream: 'eventsource', transport: 'eventsource', attributes: { transport: 'eventsource' } },
  { id: 'shared-a', stream: 'shared', transport: 'fetch, share=page', attributes: { share: 'page' } },
  { id: 'shared-b', stream: 'shared', transport: 'fetch, share=page', attributes: { share: 'page' } },
];
const STREAMS = [...new Set(FEEDS.map((feed) => feed.stream))];

// ---- The server: the page, the bundle, the numbered streams and the faults --------------------------------------

/**
 * One open numbered stream.
 * @typedef {{ response: import('node:http').ServerResponse, written: number, openedAt: number, stalled: boolean, ended: boolean, timer?: NodeJS.Timeout }} Stream
 */
/** @type {Map<string, Set<Stream>>} */
const streams = new Map(STREAMS.map((name) => [name, new Set()])); // the open streams of each name
const served = new Map(STREAMS.map((name) => [name, { requests: 0, rejected: 0, mostOpen: 0 }]));
/** What the server saw of the streams of one name (every name in STREAMS has its entry). @param {string} name */
const servedOf = (name) => served.get(name) ?? { requests: 0, rejected: 0, mostOpen: 0 };
let burstUntil = 0;
let quiet = false; // the end: every stream stops writing (and stays open)

function page() {
  const feeds = FEEDS.map(({ id, stream, attributes }) => {
    const all = { id, src: `/stream?feed=${stream}`, ...RETRY, ...attributes };
    return `<sse-feed ${Object.entries(all).map(([name, value]) => `${name}="${value}"`).join(' ')}></sse-feed>`;
  }).join('\n');
  // The record is O(1) per feed (no list of every number), so the heap it keeps does not grow with the run.
  const recorder = `
    window.__pageErrors = [];
    addEventListener('error', (event) => __pageErrors.push('error: ' + event.message));
    addEventListener('unhandledrejection', (event) => __pageErrors.push('unhandledrejection: ' + event.reason));
    window.__soak = {};
    for (const feed of document.querySelectorAll('sse-feed')) {
      const record = (__soak[feed.id] = { next: 1, received: 0, duplicates: 0, missing: 0, invalid: 0, anomalies: [], errors: {}, failed: 0 });
      const note = (text) => record.anomalies.length < 5 && record.anomalies.push(text);
      feed.addEventListener('sse-message', (event) => {
        const { data, lastEventId } = event.detail;
        const n = Number(data);
        if (!/^[0-9]+$/.test(data) || lastEventId !== data) {
          record.invalid += 1;
          note('invalid message ' + JSON.stringify(data).slice(0, 40) + ' id ' + JSON.stringify(lastEventId).slice(0, 20));
        } else if (n === record.next) {
          record.received += 1;
          record.next += 1;
        } else if (n < record.next) {
          record.duplicates += 1;
          note(n + ' again after ' + (record.next - 1));
        } else {
          record.missing += n - record.next;
          note((n - record.next) + ' missing before ' + n);
          record.received += 1;
          record.next = n + 1;
        }
      });
      feed.addEventListener('sse-error', (event) => {
        record.errors[event.detail.kind] = (record.errors[event.detail.kind] ?? 0) + 1;
      });
      feed.addEventListener('sse-state', (event) => {
        if (event.detail.state === 'failed') record.failed += 1;
      });
    }`;
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>soak</title>
<body>
${feeds}
<script>${recorder}</script>
<script type="module" src="/sse-feed.bundle.js"></script>
</body></html>`;
}

/**
 * A numbered stream that resumes after Last-Event-ID, or a 5xx during a burst.
 * @param {import('node:http').IncomingMessage} request @param {import('node:http').ServerResponse} response @param {URL} url
 */
function serveNumberedStream(request, response, url) {
  const name = url.searchParams.get('feed') ?? '';
  const stats = served.get(name);
  const open = streams.get(name);
  if (!stats || !open) {
    response.writeHead(404).end();
    return;
  }
  stats.requests += 1;
  if (Date.now() < burstUntil) {
    const status = [503, 500, 502][stats.rejected % 3];
    stats.rejected += 1;
    response.writeHead(status, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    response.end('a burst of server errors');
    return;
  }
  const resumeAfter = Number(request.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? 0) || 0;
  /** @type {Stream} */
  const stream = { response, written: resumeAfter, openedAt: Date.now(), stalled: false, ended: false };
  open.add(stream);
  stats.mostOpen = Math.max(stats.mostOpen, open.size);
  response.on('close', () => {
    stream.ended = true;
    clearInterval(stream.timer);
    open.delete(stream);
  });
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  response.flushHeaders();
  stream.timer = setInterval(() => {
    if (stream.stalled || stream.ended || quiet) return;
    const n = stream.written + 1;
    response.write(`id: ${n}\ndata: ${n}\n\n`);
    stream.written = n;
  }, MESSAGE_EVERY);
}

/**
 * Ends every open stream in the middle of an event (whose data would fail the page's check if it were dispatched,
 * and whose id would cost a message if it were kept): cleanly (`end`) or by cutting the connection.
 * @param {'end' | 'cut'} how
 */
function dropAll(how) {
  for (const open of streams.values()) {
    for (const stream of open) {
      if (stream.ended) continue;
      stream.ended = true;
      clearInterval(stream.timer);
      stream.response.write(`id: ${stream.written + 1}\ndata: partial`);
      if (how === 'end') stream.response.end();
      else stream.response.socket?.destroy();
    }
  }
}

/** @param {string} kind one of FAULTS */
function inject(kind) {
  if (kind === 'drop (end)') dropAll('end');
  else if (kind === 'drop (cut)') dropAll('cut');
  else if (kind === 'stall') for (const open of streams.values()) for (const stream of open) stream.stalled = true;
  else if (kind === '5xx burst') {
    burstUntil = Date.now() + BURST;
    dropAll('cut');
  }
}

const openCount = () => [...streams.values()].reduce((sum, open) => sum + open.size, 0);

// ---- The run ------------------------------------------------------------------------------------------------------

const { check, finish } = createChecks('soak');

async function main() {
  const snapshot = snapshotDist(root, { allowStale: flag('allow-stale') });
  if (snapshot.error !== undefined) {
    check('dist/ is there and fresh', false, snapshot.error);
    return 1;
  }
  if (snapshot.info.stale) console.log(`note: ${snapshot.info.stale} (loaded anyway: --allow-stale)`);
  if (!findChromium()) {
    check('Chromium is there', false, 'no Chromium found (set CHROME_PATH)');
    snapshot.cleanup();
    return 1;
  }
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/stream') return serveNumberedStream(request, response, url);
    if (url.pathname === '/sse-feed.bundle.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      return response.end(snapshot.bundle);
    }
    // What the bundle loads on first use (share, debug) sits beside it in chunks/.
    const chunk = /^\/chunks\/([\w.-]+\.js)$/.exec(url.pathname)?.[1];
    if (chunk && existsSync(join(snapshot.dist, 'chunks', chunk))) {
      response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      return response.end(readFileSync(join(snapshot.dist, 'chunks', chunk)));
    }
    if (url.pathname === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return response.end(page());
    }
    response.writeHead(404).end();
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ ...playwrightLaunchOptions(), args: [...chromiumArgs, '--headless=new'] });
  const started = Date.now();
  try {
    return await run(browser, `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`);
  } finally {
    await browser.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(() => done(undefined)));
    snapshot.cleanup();
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s in Chromium)`);
  }
}

/**
 * The soak itself, in one page of `browser`: the faults, then the tables and the checks. Resolves to an exit status.
 * @param {import('playwright-core').Browser} browser @param {string} url
 */
async function run(browser, url) {
  const page = await browser.newPage();
  /** @type {string[]} */
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  const cdp = await page.context().newCDPSession(page);
  const heapAfterGc = async () => {
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const pageState = () =>
    page.evaluate(() => {
      /** @type {Record<string, Window['__soak'][string] & { last: number, state: string | undefined }>} */
      const feeds = {};
      for (const feed of document.querySelectorAll('sse-feed')) {
        feeds[feed.id] = { ...window.__soak[feed.id], last: window.__soak[feed.id].next - 1, state: feed.status?.state };
      }
      return { feeds, pageErrors: window.__pageErrors };
    });

  /**
   * Recovered: one open, unstalled stream per name opened since `since`, and every feed connected with new messages.
   * @param {number} since @param {Record<string, number>} lastBefore @param {Awaited<ReturnType<typeof pageState>>} state
   */
  const recovered = (since, lastBefore, state) =>
    STREAMS.every((name) => {
      const open = [...(streams.get(name) ?? [])];
      return open.length === 1 && !open[0].stalled && open[0].openedAt >= since;
    }) && FEEDS.every((feed) => state.feeds[feed.id].state === 'connected' && state.feeds[feed.id].last > lastBefore[feed.id]);

  // Every feed connected and receiving before the first fault.
  const deadline = Date.now() + 10_000;
  let state = await pageState();
  while (!(openCount() === STREAMS.length && FEEDS.every((feed) => (state.feeds[feed.id]?.last ?? 0) > 0))) {
    if (Date.now() > deadline) {
      check('the page connects every feed', false, `open streams ${openCount()}, ${JSON.stringify(state.feeds)}`);
      return 1;
    }
    await sleep(100);
    state = await pageState();
  }

  /** @type {{ kind: string, openBefore: number, ms: number | null, openAfter: number }[]} */
  const faults = [];
  /** @type {{ after: number | 'end', used: number }[]} */
  const heap = [];
  const runUntil = Date.now() + seconds * 1000;
  let nextFaultAt = Date.now() + 500;
  for (let index = 0; Date.now() < runUntil; index++) {
    await sleep(Math.max(0, nextFaultAt - Date.now()));
    const kind = FAULTS[index % FAULTS.length];
    const before = await pageState();
    const openBefore = openCount();
    const lastBefore = Object.fromEntries(FEEDS.map((feed) => [feed.id, before.feeds[feed.id].last]));
    const at = Date.now();
    inject(kind);
    let recoveredAt = null;
    while (Date.now() - at < RECOVERY_DEADLINE) {
      await sleep(50);
      state = await pageState();
      if (recovered(at, lastBefore, state)) {
        recoveredAt = Date.now();
        break;
      }
    }
    faults.push({ kind, openBefore, ms: recoveredAt === null ? null : recoveredAt - at, openAfter: openCount() });
    if (recoveredAt === null) break; // what follows would measure the wreck of this fault
    // After each round of faults: the used heap after GC (the first one, once every path has run, is the baseline).
    if (index % FAULTS.length === FAULTS.length - 1) heap.push({ after: index + 1, used: await heapAfterGc() });
    nextFaultAt = Math.max(at + FAULT_EVERY, Date.now() + SETTLE);
  }

  // The end: the streams stop writing; every feed must then have every message the server wrote.
  quiet = true;
  const written = () => Object.fromEntries(STREAMS.map((name) => [name, Math.max(0, ...[...(streams.get(name) ?? [])].map((stream) => stream.written))]));
  const finalDeadline = Date.now() + 3000;
  await sleep(200);
  state = await pageState();
  while (!FEEDS.every((feed) => state.feeds[feed.id].last === written()[feed.stream]) && Date.now() < finalDeadline) {
    await sleep(100);
    state = await pageState();
  }
  const finalHeap = await heapAfterGc();
  heap.push({ after: 'end', used: finalHeap });
  const finalWritten = written();

  // ---- Tables ----
  console.log(`\nsoak: ${seconds} s of faults, one every ~${FAULT_EVERY / 1000} s; ${FEEDS.length} feeds on ${STREAMS.length} connections; ` +
    `a message every ${MESSAGE_EVERY} ms per stream; stall-timeout ${STALL_TIMEOUT} ms, retry-interval 100 ms, retry-max-wait 800 ms\n`);
  console.log(
    markdownTable([
      ['feed', 'transport', 'messages', 'last written', 'duplicates', 'missing', 'invalid', 'errors', 'state'],
      ...FEEDS.map((feed) => {
        const record = state.feeds[feed.id];
        const errors = Object.entries(record.errors).map(([kind, count]) => `${kind} ${count}`).join(', ') || '—';
        return [feed.id, feed.transport, record.received, finalWritten[feed.stream], record.duplicates, record.missing, record.invalid, errors, record.state ?? '—'];
      }),
    ]),
  );
  console.log();
  console.log(
    markdownTable([
      ['fault', 'times', 'recovered', 'recovery median', 'recovery max', 'open after'],
      ...FAULTS.map((kind) => {
        const these = faults.filter((fault) => fault.kind === kind);
        const times = these.flatMap((fault) => (fault.ms === null ? [] : [fault.ms]));
        const opens = [...new Set(these.map((fault) => fault.openAfter))].join(', ');
        return [kind, these.length, times.length, times.length ? `${median(times)} ms` : '—', times.length ? `${Math.max(...times)} ms` : '—', opens || '—'];
      }),
    ]),
  );
  console.log();
  console.log(
    markdownTable([
      ['', 'requests', 'answered 5xx', 'most streams open at once'],
      ...STREAMS.map((name) => [name, servedOf(name).requests, servedOf(name).rejected, servedOf(name).mostOpen]),
    ]),
  );
  const baseline = heap[0]?.used ?? finalHeap;
  const growth = finalHeap - baseline;
  const mib = (/** @type {number} */ bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  console.log(`\nheap after GC (after round n of ${FAULTS.length} faults): ${heap.map((sample) => `${sample.after}: ${mib(sample.used)}`).join(', ')}`);
  console.log(`heap growth from round 1 to the end: ${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(1)} KiB\n`);

  // ---- Checks ----
  for (const feed of FEEDS) {
    const record = state.feeds[feed.id];
    const exact = record.duplicates === 0 && record.missing === 0 && record.invalid === 0 && record.last === finalWritten[feed.stream] && record.received === record.last;
    check(
      `${feed.id}: every message exactly once, in order (${record.received} of ${finalWritten[feed.stream]})`,
      exact,
      record.anomalies.join('; ') || `last ${record.last}, written ${finalWritten[feed.stream]}`,
    );
  }
  for (const kind of FAULTS) {
    const these = faults.filter((fault) => fault.kind === kind);
    const bad = these.filter((fault) => fault.ms === null || fault.openAfter !== STREAMS.length || fault.openBefore !== STREAMS.length);
    check(
      `${kind}: ${STREAMS.length} streams open before and again after each of ${these.length}, messages flowing`,
      these.length > 0 && bad.length === 0,
      bad.map((fault) => `open ${fault.openBefore} -> ${fault.openAfter}, ${fault.ms === null ? 'not recovered' : `${fault.ms} ms`}`).join('; '),
    );
  }
  const doubled = STREAMS.filter((name) => servedOf(name).mostOpen > 1);
  check('no connection ever held two streams at once', doubled.length === 0, doubled.map((name) => `${name}: ${servedOf(name).mostOpen}`).join(', '));
  const seen = (/** @type {string} */ kind) => FEEDS.filter((feed) => feed.transport === 'fetch').every((feed) => (state.feeds[feed.id].errors[kind] ?? 0) > 0);
  check('the fetch feeds saw every kind of fault (network, stall, http)', seen('network') && seen('stall') && seen('http'));
  const failed = FEEDS.filter((feed) => state.feeds[feed.id].failed > 0 || state.feeds[feed.id].state !== 'connected');
  check('every feed connected at the end, none ever failed', failed.length === 0, failed.map((feed) => `${feed.id}: ${state.feeds[feed.id].state}`).join(', '));
  check(
    `heap after GC flat (${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(1)} KiB; limit ${mib(HEAP_GROWTH_LIMIT)})`,
    heap.length > 1 && growth < HEAP_GROWTH_LIMIT,
    heap.length > 1 ? '' : 'no round of faults completed',
  );
  const errors = [...pageErrors, ...state.pageErrors];
  check('no page errors', errors.length === 0, errors.slice(0, 3).join('; '));
  return 0;
}

const status = await main().catch((error) => {
  check('the soak ran', false, error?.stack ?? String(error));
  return 1;
});
finish(status !== 0);

// Benchmarks, printed as tables (no pass/fail): SseParser throughput and heap growth in Node, then <sse-feed>
// with an indicator and a toast in real Chromium, on a local stream of numbered JSON messages sent flat out,
// then the main thread under bursts (scripts/bench-bursts.mjs): the longest task and frame gap while 100k
// messages/s or 1000 messages per frame arrive, for the built bundle now and a baseline commit's, beside
// native EventSource and a bare fetch floor. A full run writes its figures to bench/results.json.
// Usage: npm run bench [-- --quick] [--baseline <git-ref> | --no-baseline] [--rounds N] [--burst-seconds N]
//        [--catch-up-seconds N] [--contestants before,now,eventsource,native,floor,before-eventsource]
// (re-runs itself with --expose-gc to measure the heap)
// The first two sections need no build (the engine and the elements are bundled from source with esbuild);
// the bursts measure dist/sse-feed.bundle.js, so run `npm run build` first. Without Chromium (CHROME_PATH,
// /usr/bin/chromium, ...) the Chromium sections are skipped with a note.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const script = fileURLToPath(import.meta.url);
const root = join(script, '..', '..');

if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', script, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const quick = process.argv.includes('--quick');
const REPETITIONS = quick ? 3 : 11;

/** The value after `--name`, or `fallback`. */
function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 || at + 1 >= process.argv.length ? fallback : process.argv[at + 1];
}

// The engine before delivery in slices: the "before" of the burst section.
const BASELINE = process.argv.includes('--no-baseline') ? null : option('baseline', '7e5f547');
const BURST_ROUNDS = Number(option('rounds', quick ? 1 : 3));
const BURST_SECONDS = Number(option('burst-seconds', quick ? 2 : 10));
// How long a contestant slower than the burst may go on catching up after its last write before it is stopped.
const CATCH_UP_SECONDS = Number(option('catch-up-seconds', 2));
// Some of the burst contestants only (a partial run leaves bench/results.json alone); `before-eventsource` runs only so.
const ONLY = option('contestants', '') ? option('contestants', '').split(',') : null;
const benchStarted = Date.now();

/** Bundles the engine for Node on the fly and imports it from a temporary file. */
async function loadEngine() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(root, 'components/core/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const dir = mkdtempSync(join(tmpdir(), 'sse-feed-bench-'));
  const file = join(dir, 'core.mjs');
  writeFileSync(file, result.outputFiles[0].contents);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { SseParser } = await loadEngine();
const encoder = new TextEncoder();

/** `count` small messages of ~80 bytes of JSON data each, with ids. */
function smallMessages(count, from = 0) {
  const parts = [];
  for (let n = from; n < from + count; n++) {
    parts.push(`id: ${n}\ndata: {"n":${n},"user":"someone","text":"a short status update of a few words ok"}\n\n`);
  }
  return parts.join('');
}

/** `count` messages of `lines` data lines of `width` characters, some of them not ASCII. */
function largeMessages(count, lines, width) {
  const line = `data: ${'lorem ipsum dolor sit amet, é€ '.repeat(Math.ceil(width / 31)).slice(0, width)}\n`;
  const message = `event: snapshot\n${line.repeat(lines)}\n`;
  return message.repeat(count);
}

/** Cuts bytes into chunks of `size`. */
function chunked(bytes, size) {
  const chunks = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

/** Cuts bytes after each blank line: one message per chunk, as a server flushing each message sends them. */
function perMessage(bytes) {
  const chunks = [];
  let start = 0;
  for (let i = 1; i < bytes.length; i++) {
    if (bytes[i] === 10 && bytes[i - 1] === 10) {
      chunks.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) chunks.push(bytes.subarray(start));
  return chunks;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Parses `chunks` `REPETITIONS` times (after one warm-up) and returns the median time and the message count. */
function measure(chunks) {
  let messages = 0;
  const once = () => {
    messages = 0;
    const parser = new SseParser(() => (messages += 1), { maxMessageSize: 16 * 1_048_576 });
    const started = performance.now();
    for (const chunk of chunks) parser.push(chunk);
    parser.end();
    return performance.now() - started;
  };
  once();
  const times = [];
  for (let i = 0; i < REPETITIONS; i++) times.push(once());
  return { ms: median(times), messages };
}

const scale = quick ? 0.25 : 1;
const workloads = [
  { name: 'small messages, 64 KB chunks', bytes: encoder.encode(smallMessages(Math.round(200_000 * scale))), chunk: 65_536 },
  { name: 'large messages, 64 KB chunks', bytes: encoder.encode(largeMessages(Math.round(100 * scale), 100, 1000)), chunk: 65_536 },
  { name: 'small messages, one per chunk', bytes: encoder.encode(smallMessages(Math.round(100_000 * scale))), perMessage: true },
  { name: 'small messages, 16 B chunks', bytes: encoder.encode(smallMessages(Math.round(50_000 * scale))), chunk: 16 },
  { name: 'small messages, one string', text: smallMessages(Math.round(200_000 * scale)) },
];

const rows = [];
for (const workload of workloads) {
  const chunks =
    workload.text !== undefined ? [workload.text] : workload.perMessage ? perMessage(workload.bytes) : chunked(workload.bytes, workload.chunk);
  const size = workload.text !== undefined ? encoder.encode(workload.text).length : workload.bytes.length;
  const { ms, messages } = measure(chunks);
  rows.push({
    workload: workload.name,
    'MB': (size / 1e6).toFixed(1),
    'messages': messages,
    'median ms': ms.toFixed(1),
    'MB/s': (size / 1e6 / (ms / 1000)).toFixed(1),
    'messages/s': Math.round(messages / (ms / 1000)).toLocaleString('en-US'),
  });
}

/** Heap growth of one parser across 100k messages, with every message dropped by the callback. */
function heapGrowth() {
  const batches = Array.from({ length: 10 }, (_, i) => chunked(encoder.encode(smallMessages(10_000, i * 10_000)), 65_536));
  let messages = 0;
  const parser = new SseParser(() => (messages += 1));
  parser.push(batches[0][0]); // warm the parser up before the baseline
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  for (const batch of batches) for (const chunk of batch) parser.push(chunk);
  globalThis.gc();
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  return { bytes: after - before, messages, alive: parser.lastEventId !== '' };
}

const heap = median([heapGrowth(), heapGrowth(), heapGrowth()].map((run) => run.bytes));

/**
 * Heap an application pins by keeping one event per 64 KB chunk (UUID ids, so substrings are long
 * enough to be views of their chunk): ideally the events' own size, not the chunks'.
 */
function retainedByKeptEvents() {
  const chunks = chunked(encoder.encode(uuidMessages(100_000)), 65_536);
  const kept = [];
  let last = null;
  const parser = new SseParser((event) => (last = event));
  for (const chunk of chunks) {
    parser.push(chunk);
    kept.push(last);
  }
  last = null;
  const events = kept.length;
  globalThis.gc();
  globalThis.gc();
  const withEvents = process.memoryUsage().heapUsed;
  kept.length = 0;
  globalThis.gc();
  globalThis.gc();
  // The difference is what the kept events (and anything they pin) cost.
  return { bytes: withEvents - process.memoryUsage().heapUsed, events, input: chunks.length };
}

function uuidMessages(count) {
  const parts = [];
  for (let n = 0; n < count; n++) {
    parts.push(`id: ${crypto.randomUUID()}\nevent: status-update\ndata: {"n":${n},"text":"a short status update"}\n\n`);
  }
  return parts.join('');
}

const retained = retainedByKeptEvents();

console.log(`SseParser benchmark, Node ${process.version}, median of ${REPETITIONS} runs${quick ? ' (quick)' : ''}`);
console.table(rows);
console.log(`heap growth per 100k messages (after GC): ${(heap / 1024).toFixed(1)} KB`);
console.log(`heap kept alive by ${retained.events} events kept (one per 64 KB chunk): ${(retained.bytes / 1024).toFixed(1)} KB`);

// ---- Elements in Chromium -------------------------------------------------------------------------------

const ELEMENT_MESSAGES = quick ? 20_000 : 100_000;
const ELEMENT_RUNS = quick ? 1 : 3;

/** The stream's bytes for messages `from`..`to`: `id: n` and a small JSON object each. */
function numberedMessages(from, to) {
  const parts = [];
  for (let n = from; n <= to; n++) parts.push(`id: ${n}\ndata: {"n":${n},"symbol":"SSE","price":${(100 + (n % 997) / 100).toFixed(2)}}\n\n`);
  return Buffer.from(parts.join(''));
}

/**
 * `GET /stream?n=N`: N numbered messages written as fast as the socket takes them, in 256 KB writes, then held
 * open (silent), so the feed does not reconnect; resumes after Last-Event-ID if it ever does.
 */
function streamHandler() {
  const cache = new Map();
  return async (request, response, url) => {
    if (url.pathname !== '/stream') return false;
    const count = Number(url.searchParams.get('n'));
    const from = Number(request.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? 0) + 1;
    const key = `${from}-${count}`;
    if (!cache.has(key)) cache.set(key, numberedMessages(from, count));
    const bytes = cache.get(key);
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    let closed = false;
    response.on('close', () => (closed = true));
    for (let at = 0; at < bytes.length && !closed; at += 262_144) {
      if (!response.write(bytes.subarray(at, at + 262_144))) {
        await new Promise((done) => {
          const go = () => {
            response.off('drain', go);
            response.off('close', go);
            done();
          };
          response.on('drain', go);
          response.on('close', go);
        });
      }
    }
    return true;
  };
}

/**
 * Runs in the page: a `<sse-feed json>` with a `<connection-indicator>` and a `<status-toast>` inside, on
 * `src`, until `count` messages have arrived. Counts each element's `updated()` calls between the first and
 * the last message (patched on the instances), then closes the feed.
 */
function streamInPage({ src, count, transport }) {
  return new Promise((resolve, reject) => {
    const feed = document.createElement('sse-feed');
    const indicator = document.createElement('connection-indicator');
    const toast = document.createElement('status-toast');
    const renders = { indicator: 0, toast: 0 };
    for (const [name, element] of [['indicator', indicator], ['toast', toast]]) {
      const original = element.updated;
      element.updated = function (changed) {
        renders[name] += 1;
        return original.call(this, changed);
      };
    }
    let received = 0;
    let first = 0;
    let atFirst = { indicator: 0, toast: 0 };
    let lastN = 0;
    let outOfOrder = 0;
    const timeout = setTimeout(() => reject(new Error(`only ${received} of ${count} messages in 60 s (state ${feed.status.state})`)), 60_000);
    feed.addEventListener('sse-message', (event) => {
      if (received === 0) {
        first = performance.now();
        atFirst = { ...renders };
      }
      received += 1;
      if (event.detail.json.n !== lastN + 1) outOfOrder += 1;
      lastN = event.detail.json.n;
      if (received < count) return;
      const ms = performance.now() - first;
      const during = { indicator: renders.indicator - atFirst.indicator, toast: renders.toast - atFirst.toast };
      // Let pending renders land before counting them as "during the stream".
      requestAnimationFrame(() => {
        clearTimeout(timeout);
        const late = { indicator: renders.indicator - atFirst.indicator, toast: renders.toast - atFirst.toast };
        feed.close();
        resolve({ ms, received, outOfOrder, during, late, total: { ...renders }, state: feed.status.state });
      });
    });
    feed.transport = transport;
    feed.json = true;
    feed.src = src;
    feed.append(indicator, toast);
    document.body.append(feed);
  });
}

/** Used JS heap after a full garbage collection (CDP), in bytes. */
async function usedHeap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

async function elementRun(browser, url, transport) {
  const page = await browser.newPage();
  try {
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => ['sse-feed', 'connection-indicator', 'status-toast'].every((tag) => customElements.get(tag)));
    const cdp = await page.context().newCDPSession(page);
    const before = await usedHeap(cdp);
    const result = await page.evaluate(streamInPage, { src: `${url}stream?n=${ELEMENT_MESSAGES}`, count: ELEMENT_MESSAGES, transport });
    const peak = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const after = await usedHeap(cdp);
    await cdp.detach();
    if (pageErrors.length > 0) throw new Error(pageErrors.join('\n'));
    return { ...result, before, peak, after };
  } finally {
    await page.close();
  }
}

async function elementBench() {
  const { findChromium, playwrightLaunchOptions } = await import('./chromium.mjs');
  if (!findChromium()) {
    console.log('\nelement benchmark skipped: no Chromium found (set CHROME_PATH)');
    return null;
  }
  const [{ chromium }, { serveBundle }] = await Promise.all([import('playwright-core'), import('./serve-bundle.mjs')]);
  const server = await serveBundle({ handle: streamHandler() });
  const browser = await chromium.launch(playwrightLaunchOptions());
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  try {
    const speed = [];
    const cost = [];
    for (const transport of ['fetch', 'eventsource']) {
      const runs = [];
      for (let i = 0; i < ELEMENT_RUNS; i++) runs.push(await elementRun(browser, server.url, transport));
      // The median run by throughput speaks for the transport.
      const run = [...runs].sort((a, b) => a.ms - b.ms)[runs.length >> 1];
      const perSecond = (r) => Math.round(r.received / (r.ms / 1000)).toLocaleString('en-US');
      const renders = (name) =>
        `${run.during[name]}${run.late[name] > run.during[name] ? ` (+${run.late[name] - run.during[name]} just after)` : ''} of ${run.total[name]} in all`;
      speed.push({
        transport,
        'sse-message events': run.received,
        'in order': run.outOfOrder === 0 ? 'yes' : `${run.outOfOrder} out of order`,
        'first→last ms': run.ms.toFixed(0),
        'messages/s': perSecond(run),
        'every run (messages/s)': runs.map(perSecond).join(' / '),
      });
      cost.push({
        transport,
        'indicator renders': renders('indicator'),
        'toast renders': renders('toast'),
        'heap before': kb(run.before),
        'heap at end, no GC': kb(run.peak),
        'heap after close + GC': kb(run.after),
      });
    }
    console.log(
      `\n<sse-feed json> with <connection-indicator> and <status-toast> inside, Chromium ${browser.version()}: ` +
        `${ELEMENT_MESSAGES.toLocaleString('en-US')} numbered JSON messages sent flat out in 256 KB writes, median of ${ELEMENT_RUNS} run(s)`,
    );
    console.table(speed);
    console.log(
      'renders = updated() calls between the first and the last sse-message, of all since the elements were created; ' +
        'heap = used JS heap (CDP Runtime.getHeapUsage): before the stream and after feed.close(), with and without a forced GC',
    );
    console.table(cost);
    return { chromium: browser.version(), messages: ELEMENT_MESSAGES, runs: ELEMENT_RUNS, speed, cost };
  } finally {
    await browser.close();
    await server.close();
  }
}

const elements = await elementBench();

// ---- Main thread under bursts (the built bundle) --------------------------------------------------------

async function burstSection() {
  const { chromiumArgs, findChromium, playwrightLaunchOptions } = await import('./chromium.mjs');
  if (!findChromium()) {
    console.log('\nmain thread under bursts skipped: no Chromium found (set CHROME_PATH)');
    return null;
  }
  const [{ chromium }, { burstBench }] = await Promise.all([import('playwright-core'), import('./bench-bursts.mjs')]);
  return burstBench({
    root,
    chromium,
    launchOptions: { ...playwrightLaunchOptions(), args: [...chromiumArgs, '--headless=new'] },
    quick,
    baselineRef: BASELINE,
    seconds: BURST_SECONDS,
    rounds: BURST_ROUNDS,
    catchUpSeconds: CATCH_UP_SECONDS,
    only: ONLY,
  });
}

const bursts = await burstSection();

// ---- Results file ---------------------------------------------------------------------------------------

const seconds = ((Date.now() - benchStarted) / 1000).toFixed(0);
if (quick || ONLY) {
  console.log(`\nbench finished in ${seconds} s (${quick ? 'quick' : 'some contestants only'}: bench/results.json left as it was)`);
} else {
  const results = {
    date: new Date().toISOString(),
    durationSeconds: Number(seconds),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? '',
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      chromium: bursts?.chromium ?? elements?.chromium ?? null,
    },
    parser: { repetitions: REPETITIONS, rows, heapGrowthPer100kBytes: heap, keptEvents: retained },
    elements,
    mainThreadUnderBursts: bursts,
  };
  mkdirSync(join(root, 'bench'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nbench finished in ${seconds} s; figures written to bench/results.json`);
}

// Parser benchmark: throughput and heap growth of SseParser in Node, printed as a table (no pass/fail).
// Usage: npm run bench [-- --quick]   (re-runs itself with --expose-gc to measure the heap)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

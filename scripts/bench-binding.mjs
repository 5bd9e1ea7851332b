// Bench (report only): 1,000 messages/s into <feed-list limit="100"> and three <feed-value>, against the same
// page with a hand-written sse-message listener, in Chromium, on the built bundle (dist/sse-feed.bundle.js).
// Prints the longest task, DOM updates (MutationObserver batches, frames that changed the DOM, mutation records)
// and frames per second, medians of runs.
//
//   node scripts/bench-binding.mjs [--seconds 5] [--runs 3] [--rate 1000]

import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchChromium, markdownTable, median, sleep, startPageServer } from './bench-common.mjs';
import { option } from './cli.mjs';

const seconds = Number(option('seconds', 5));
const runs = Number(option('runs', 3));
const RATE = Number(option('rate', 1000)); // messages per second, written every 10 ms

const VALUES = `
  <p>Price <feed-value event="tick" field="price" format="currency" currency="EUR"></feed-value></p>
  <p>Change <feed-value event="tick" field="change" format="percent" max-fraction-digits="2"></feed-value></p>
  <p>Volume <feed-value event="tick" field="volume" format="number"></feed-value></p>`;

const PAGES = {
  elements: `<sse-feed src="/stream" json>${VALUES}
    <feed-list event="tick" limit="100" order="newest-first">
      <template><div><span data-field="n"></span> <span data-field="price" data-format="number"></span></div></template>
    </feed-list></sse-feed>`,
  // What a page writes by hand: a listener that updates the values and the list for every message.
  listener: `<sse-feed src="/stream" json>
    <p>Price <span id="price"></span></p><p>Change <span id="change"></span></p><p>Volume <span id="volume"></span></p>
    <div id="list"></div></sse-feed>
    <script type="module" src="/listener.js"></script>`,
};

const LISTENER = `
const feed = document.querySelector('sse-feed');
const currency = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 2 });
const number = new Intl.NumberFormat();
const [price, change, volume, list] = ['price', 'change', 'volume', 'list'].map((id) => document.getElementById(id));
feed.addEventListener('sse-message', ({ detail: { json } }) => {
  price.textContent = currency.format(json.price);
  change.textContent = percent.format(json.change);
  volume.textContent = number.format(json.volume);
  const item = document.createElement('div');
  const n = document.createElement('span');
  n.textContent = String(json.n);
  const value = document.createElement('span');
  value.textContent = number.format(json.price);
  item.append(n, ' ', value);
  list.prepend(item);
  while (list.children.length > 100) list.lastElementChild.remove();
});`;

// Runs before any module: counts long tasks, frames and DOM update batches from the start.
const PRELUDE = `
window.bench = { tasks: [], frames: 0, batches: 0, records: 0, renderFrames: 0, changed: false, messages: 0 };
new PerformanceObserver((list) => bench.tasks.push(...list.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
const frame = () => { bench.frames += 1; if (bench.changed) bench.renderFrames += 1; bench.changed = false; requestAnimationFrame(frame); };
requestAnimationFrame(frame);
new MutationObserver((records) => { bench.batches += 1; bench.records += records.length; bench.changed = true; }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
document.addEventListener('sse-message', () => { bench.messages += 1; bench.firstAt ??= performance.now(); });`;

function tick(n) {
  const data = { n, price: 100 + (n % 997) / 100, change: ((n % 41) - 20) / 1000, volume: 1000 + n };
  return `id: ${n}\nevent: tick\ndata: ${JSON.stringify(data)}\n\n`;
}

const bundle = readFileSync('dist/sse-feed.bundle.js', 'utf8');
const server = await startPageServer({
  scripts: { listener: { body: LISTENER, module: true } },
  async handle(request, response, url) {
    // The bundle at its own name, its chunks (list items, value formats) beside it: they import ../sse-feed.bundle.js.
    const file = url.pathname === '/sse-feed.bundle.js' ? 'dist/sse-feed.bundle.js' : url.pathname.startsWith('/chunks/') ? join('dist/chunks', basename(url.pathname)) : '';
    if (file && existsSync(file)) {
      response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      response.end(file === 'dist/sse-feed.bundle.js' ? bundle : readFileSync(file));
      return true;
    }
    if (url.pathname === '/bench') {
      const variant = url.searchParams.get('variant');
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title><script>${PRELUDE}</script>` + `<script type="module" src="/sse-feed.bundle.js"></script><body>${PAGES[variant]}</body></html>`);
      return true;
    }
    if (url.pathname !== '/stream') return false;
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    response.write(': open\n\n');
    let closed = false;
    response.on('close', () => (closed = true));
    const started = performance.now();
    let n = 0;
    for (let write = 0; write < seconds * 100 && !closed; write++) {
      const wait = started + write * 10 - performance.now();
      if (wait >= 1) await sleep(wait);
      let text = '';
      for (let index = 0; index < RATE / 100; index++) text += tick((n += 1));
      response.write(text);
    }
    return true;
  },
});

const browser = await launchChromium('bench-binding');
const results = { elements: [], listener: [] };
for (let run = 0; run < runs; run++) {
  for (const variant of run % 2 === 0 ? ['elements', 'listener'] : ['listener', 'elements']) {
    const page = await browser.newPage();
    await page.goto(`${server.url}bench?variant=${variant}`);
    await page.waitForFunction((count) => window.bench.messages >= count, seconds * RATE, { timeout: (seconds + 30) * 1000 });
    await sleep(200);
    // Long tasks while messages flow (loading the page is the same for both and not what is measured); a task
    // that started before the first message and ran into it counts too.
    const measured = await page.evaluate(() => {
      const during = window.bench.tasks.filter(([start, duration]) => start + duration >= window.bench.firstAt).map(([, duration]) => duration);
      const before = window.bench.tasks.filter(([start, duration]) => start + duration < window.bench.firstAt).map(([, duration]) => duration);
      return { ...window.bench, longest: Math.max(0, ...during), longTasks: during.length, loading: Math.max(0, ...before) };
    });
    const items = await page.evaluate(() => document.querySelectorAll('feed-list > div, #list > div').length);
    results[variant].push({ ...measured, items, elapsed: seconds + 0.2 });
    await page.close();
  }
}
await browser.close();
await server.close();

const row = (variant, label) => {
  const list = results[variant];
  return [
    label,
    String(list[0].messages),
    `${median(list.map((r) => r.longest)).toFixed(0)} ms`,
    String(median(list.map((r) => r.longTasks))),
    median(list.map((r) => r.batches / r.elapsed)).toFixed(0),
    median(list.map((r) => r.renderFrames / r.elapsed)).toFixed(0),
    median(list.map((r) => r.records / r.elapsed)).toFixed(0),
    median(list.map((r) => r.frames / r.elapsed)).toFixed(0),
    String(list[0].items),
    `${median(list.map((r) => r.loading)).toFixed(0)} ms`,
  ];
};
console.log(`\n${RATE.toLocaleString('en-US')} messages/s for ${seconds} s, Chromium, dist/sse-feed.bundle.js, median of ${runs} runs\n`);
console.log(
  markdownTable([
    ['page', 'messages', 'longest task', 'long tasks', 'DOM update batches/s', 'frames with DOM changes/s', 'DOM mutations/s', 'frames/s', 'items', 'longest task loading'],
    row('elements', '<feed-list limit="100"> + 3 <feed-value>'),
    row('listener', 'hand-written sse-message listener'),
  ]),
);

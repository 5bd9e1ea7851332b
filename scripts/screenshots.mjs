// @ts-check
// Renders <connection-indicator> and <status-toast> in every state, light and dark, into docs/screenshots/:
// on a plain unstyled page, on a page that declares `color-scheme: light dark`, and (--catalog) in the
// built Storybook catalog.
//
// Usage: node scripts/screenshots.mjs [--catalog] [--bundle dist/sse-feed.bundle.js] [--out DIR]
// --bundle shoots a built bundle instead of the sources (to compare two builds); --out writes elsewhere.
// Bundles components/index.ts and serves it beside a small page (scripts/serve-bundle.mjs), drives every
// element through its `status` property and takes PNGs with playwright-core and the system Chromium
// (CHROME_PATH, else /usr/bin/chromium). --catalog also needs storybook-static/ (npm run build-storybook).
//
// Writes indicator-states-{light,dark}.png and toast-states-{light,dark}.png (a page that declares its
// scheme), indicator-plain-{light,dark}.png and toast-plain-{light,dark}.png (a page with no CSS at all,
// on a light and a dark OS), and with --catalog indicator-catalog-* and toast-catalog-*.

import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../stories/demo-server.mjs';
import { playwrightLaunchOptions } from './chromium.mjs';
import { option } from './cli.mjs';
import { serveBundle } from './serve-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(option('out', join(root, 'docs', 'screenshots')));
const bundle = option('bundle', '');
const script = bundle ? readFileSync(resolve(bundle)) : undefined;

/** A page that declares both schemes, so the OS picks, and styles its own table. */
const STYLED = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="color-scheme" content="light dark">
<title>sse-feed screenshots</title>
<style>
  :root { font-family: system-ui, "Liberation Sans", sans-serif; }
  body { margin: 0; padding: 24px 28px; }
  h1 { font-size: 15px; font-weight: 600; margin: 0 0 16px; }
  table { border-collapse: collapse; font-size: 14px; }
  th { text-align: start; font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em;
       color: GrayText; padding: 0 24px 10px 0; }
  td { padding: 6px 24px 6px 0; vertical-align: middle; }
  td:first-child { font-family: ui-monospace, "Liberation Mono", monospace; font-size: 13px; }
  .stage { height: 100vh; box-sizing: border-box; display: grid; place-items: center; margin: -24px -28px; }
  .stage p { margin: 0; font-size: 14px; color: GrayText; }
</style>
<script type="module">
  // The bundle's define modules count as side-effect free (package.json sideEffects), so register here.
  import { ConnectionIndicator, StatusToast } from '/index.js';
  ConnectionIndicator.define();
  StatusToast.define();
</script>
</head>
<body></body>
</html>`;

/** A page that says nothing: no CSS, no colour scheme, the browser's default font. */
const PLAIN = String.raw`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>plain</title><script type="module">
  // The bundle's define modules count as side-effect free (package.json sideEffects), so register here.
  import { ConnectionIndicator, StatusToast } from '/index.js';
  ConnectionIndicator.define();
  StatusToast.define();
</script></head>
<body></body>
</html>`;

/** Runs in the page: the statuses of every state and situation, by name. */
function statuses() {
  const idle = { state: 'idle', attempt: 0, retryMaxCount: 10, retryDelay: null, retryAt: null, lastEventId: '', error: null, messages: 0, stale: false, lastMessageAt: null, finished: false };
  const error = (/** @type {string} */ kind, /** @type {boolean} */ fatal, data = {}) => ({ kind, message: 'not shown', fatal, ...data });
  const soon = (/** @type {number} */ ms) => ({ retryDelay: ms, retryAt: Date.now() + ms - 1 });
  return Object.entries({
    idle: {},
    connecting: { state: 'connecting' },
    connected: { state: 'connected' },
    'connected, stale': { state: 'connected', stale: true, lastMessageAt: Date.now() - 5200 },
    retrying: { state: 'retrying', attempt: 2, ...soon(3000), error: error('http', false, { status: 503 }) },
    'retrying (offline)': { state: 'retrying', error: error('offline', false) },
    'retrying (stall)': { state: 'retrying', attempt: 1, ...soon(1000), error: error('stall', false, { timeout: 45_000 }) },
    paused: { state: 'paused' },
    failed: { state: 'failed', attempt: 10, error: error('http', true, { status: 401 }) },
    closed: { state: 'closed' },
  }).map(([name, changes]) => [name, { ...idle, ...changes }]);
}

/** Runs in the page: one row per state, each indicator driven by its status property. @param {{ styled: boolean }} options */
function renderIndicators({ styled }) {
  const table = document.createElement('table');
  table.innerHTML = '<thead><tr><th>state</th><th>default</th><th>compact</th><th>label-* attribute</th></tr></thead>';
  const body = table.createTBody();
  for (const [name, status] of window.statuses()) {
    const row = body.insertRow();
    row.insertCell().textContent = name;
    for (const variant of ['default', 'compact', 'custom']) {
      const indicator = document.createElement('connection-indicator');
      if (variant === 'compact') indicator.compact = true;
      if (variant === 'custom') {
        indicator.setAttribute('label-connected', 'Live');
        indicator.setAttribute('label-retrying', 'Retry {attempt}/{max} in {seconds} s');
        indicator.setAttribute('label-failed', 'Stopped: {reason}');
        indicator.setAttribute('label-offline', 'No network');
      }
      indicator.status = status;
      row.insertCell().append(indicator);
    }
  }
  const title = document.createElement('h1');
  title.textContent = '<connection-indicator>';
  document.body.append(...(styled ? [title] : []), table);
}

/** Runs in the page: six toasts, one per position, each in a different situation. @param {{ styled: boolean }} options */
function renderToasts({ styled }) {
  const byName = Object.fromEntries(window.statuses());
  /** @type {[HTMLElementTagNameMap['status-toast']['position'], string[], Record<string, string>?][]} */
  const toasts = [
    ['top-start', ['retrying']],
    ['top-center', ['retrying (offline)']],
    ['top-end', ['retrying (stall)']],
    ['bottom-start', ['failed']],
    ['bottom-center', ['failed'], { 'message-failed': 'Please sign in again' }],
    ['bottom-end', ['retrying', 'connected']],
  ];
  if (styled) {
    const stage = document.createElement('div');
    stage.className = 'stage';
    stage.innerHTML = '<p>&lt;status-toast&gt; in its six positions: retrying, offline, stalled, failed, failed with message-failed, reconnected</p>';
    document.body.append(stage);
  }
  for (const [position, names, attributes = {}] of toasts) {
    const toast = document.createElement('status-toast');
    toast.position = position;
    toast.delay = 0;
    toast.duration = 600_000;
    for (const [name, value] of Object.entries(attributes)) toast.setAttribute(name, value);
    document.body.append(toast);
    // Walk the statuses in order, so "Reconnected" follows an outage the way it does live.
    names.forEach((name, index) => setTimeout(() => (toast.status = byName[name]), index * 50));
  }
}

/**
 * One screenshot: `setup` (renderIndicators or renderToasts) run with `options` in a fresh page of `size`.
 * @param {import('playwright-core').Browser} browser @param {string} url @param {'light' | 'dark'} colorScheme
 * @param {(options: { styled: boolean }) => void} setup @param {{ styled: boolean }} options
 * @param {{ width: number, height: number }} size @param {string} file
 */
async function shoot(browser, url, colorScheme, setup, options, size, file) {
  const page = await browser.newPage({ viewport: size, deviceScaleFactor: 2, colorScheme, reducedMotion: 'reduce' });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => customElements.get('status-toast') && customElements.get('connection-indicator'));
  await page.evaluate(`window.statuses = ${statuses}`);
  await page.evaluate(setup, options);
  await page.waitForTimeout(400);
  const clip = setup === renderIndicators ? await page.locator('body').boundingBox() : undefined;
  await page.screenshot({ path: join(out, file), ...(clip ? { clip: { x: 0, y: 0, width: size.width, height: Math.ceil(clip.y + clip.height + 16) } } : {}) });
  await page.close();
  console.log(`wrote ${join(out, file)}`);
}

/** The catalog's element stories, light and dark (the dark one on the dark story background and a dark OS). */
/** @param {import('playwright-core').Browser} browser */
async function catalog(browser) {
  if (!existsSync(join(root, 'storybook-static', 'iframe.html'))) throw new Error('--catalog needs storybook-static/: run npm run build-storybook');
  // stories/demo-server.mjs is untyped: its `roots = []` default reads as never[] to TypeScript.
  const server = await startDemoServer({ port: 0, roots: /** @type {never[]} */ ([join(root, 'storybook-static')]) });
  try {
    for (const scheme of /** @type {const} */ (['light', 'dark'])) {
      for (const [id, file, size] of /** @type {[string, string, { width: number, height: number }][]} */ ([
        ['elements-connection-indicator--all-states', 'indicator-catalog', { width: 900, height: 560 }],
        ['elements-status-toast--positions', 'toast-catalog', { width: 1280, height: 440 }],
      ])) {
        const page = await browser.newPage({ viewport: size, deviceScaleFactor: 2, colorScheme: scheme, reducedMotion: 'reduce' });
        const globals = scheme === 'dark' ? '&globals=backgrounds.value:dark' : '';
        await page.goto(`${server.url}iframe.html?id=${id}&viewMode=story${globals}`);
        await page.waitForSelector('#storybook-root connection-indicator, status-toast[open]', { state: 'attached', timeout: 15_000 });
        await page.waitForTimeout(800);
        await page.screenshot({ path: join(out, `${file}-${scheme}.png`) });
        await page.close();
        console.log(`wrote docs/screenshots/${file}-${scheme}.png`);
      }
    }
  } finally {
    await server.close();
  }
}

let styled;
let plain;
let browser;
try {
  await mkdir(out, { recursive: true });
  // A built bundle loads the toast's looks (and share, persist, debug) from its chunks/ directory.
  const chunks = bundle ? join(dirname(resolve(bundle)), 'chunks') : undefined;
  styled = await serveBundle({ page: STYLED, script, chunks });
  plain = await serveBundle({ page: PLAIN, script, chunks });
  browser = await chromium.launch(playwrightLaunchOptions());
  for (const scheme of /** @type {const} */ (['light', 'dark'])) {
    await shoot(browser, styled.url, scheme, renderIndicators, { styled: true }, { width: 860, height: 600 }, `indicator-states-${scheme}.png`);
    await shoot(browser, styled.url, scheme, renderToasts, { styled: true }, { width: 1280, height: 440 }, `toast-states-${scheme}.png`);
    await shoot(browser, plain.url, scheme, renderIndicators, { styled: false }, { width: 860, height: 600 }, `indicator-plain-${scheme}.png`);
    await shoot(browser, plain.url, scheme, renderToasts, { styled: false }, { width: 1280, height: 440 }, `toast-plain-${scheme}.png`);
  }
  if (process.argv.includes('--catalog')) await catalog(browser);
} finally {
  await browser?.close();
  await styled?.close();
  await plain?.close();
}

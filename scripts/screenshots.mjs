// Renders <connection-indicator> and <status-toast> in their main states, light and dark, into docs/screenshots/.
//
// Usage: node scripts/screenshots.mjs
// Bundles components/index.ts and serves it beside a small page (scripts/serve-bundle.mjs), drives every
// element through its `status` property and takes PNGs with playwright-core and the system Chromium
// (CHROME_PATH, else /usr/bin/chromium).

import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { playwrightLaunchOptions } from './chromium.mjs';
import { serveBundle } from './serve-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs', 'screenshots');

const PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>sse-feed screenshots</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, "Liberation Sans", sans-serif; }
  body { margin: 0; padding: 24px 28px; background: #ffffff; color: #111827; }
  @media (prefers-color-scheme: dark) { body { background: #111827; color: #f3f4f6; } }
  h1 { font-size: 15px; font-weight: 600; margin: 0 0 16px; }
  table { border-collapse: collapse; font-size: 14px; }
  th { text-align: start; font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em;
       color: #4b5563; padding: 0 24px 10px 0; }
  @media (prefers-color-scheme: dark) { th { color: #9ca3af; } }
  td { padding: 6px 24px 6px 0; vertical-align: middle; }
  td:first-child { font-family: ui-monospace, "Liberation Mono", monospace; font-size: 13px; }
  .stage { height: 100vh; box-sizing: border-box; display: grid; place-items: center; }
  .stage p { margin: 0; font-size: 14px; color: #4b5563; }
  @media (prefers-color-scheme: dark) { .stage p { color: #9ca3af; } }
</style>
<script type="module" src="/index.js"></script>
</head>
<body></body>
</html>`;

/** Runs in the page: one row per state, each indicator driven by its status property. */
function renderIndicators() {
  const idle = { state: 'idle', attempt: 0, retryMaxCount: 10, retryDelay: null, retryAt: null, lastEventId: '', error: null, messages: 0 };
  const error = (kind, message, fatal, status) => ({ kind, message, fatal, ...(status ? { status } : {}) });
  const soon = (ms) => ({ retryDelay: ms, retryAt: Date.now() + ms - 1 });
  const rows = [
    ['idle', {}],
    ['connecting', { state: 'connecting' }],
    ['connected', { state: 'connected' }],
    ['retrying', { state: 'retrying', attempt: 2, ...soon(3000), error: error('http', 'The server answered 503.', false, 503) }],
    ['retrying (offline)', { state: 'retrying', error: error('offline', 'The device is offline.', false) }],
    ['retrying (stall)', { state: 'retrying', attempt: 1, ...soon(2000), error: error('stall', 'No data for 45 s.', false) }],
    ['paused', { state: 'paused' }],
    ['failed', { state: 'failed', attempt: 10, error: error('http', 'The server answered 401.', true, 401) }],
    ['closed', { state: 'closed' }],
  ];
  const table = document.createElement('table');
  table.innerHTML = '<thead><tr><th>state</th><th>default</th><th>compact</th><th>label-* attribute</th></tr></thead>';
  const body = table.createTBody();
  for (const [name, changes] of rows) {
    const status = { ...idle, ...changes };
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
  document.body.append(title, table);
}

/** Runs in the page: six toasts, one per position, each in a different situation. */
function renderToasts() {
  const idle = { state: 'idle', attempt: 0, retryMaxCount: 10, retryDelay: null, retryAt: null, lastEventId: '', error: null, messages: 0 };
  const error = (kind, message, fatal, status) => ({ kind, message, fatal, ...(status ? { status } : {}) });
  const toasts = [
    ['top-start', [{ state: 'retrying', attempt: 2, retryDelay: 4000, retryAt: Date.now() + 4000, error: error('http', 'The server answered 503.', false, 503) }]],
    ['top-center', [{ state: 'retrying', error: error('offline', 'The device is offline.', false) }]],
    ['top-end', [{ state: 'retrying', attempt: 1, retryDelay: 2000, retryAt: Date.now() + 2000, error: error('stall', 'No data for 45 s.', false) }]],
    ['bottom-start', [{ state: 'failed', attempt: 10, error: error('network', 'Could not reach the server.', true) }]],
    ['bottom-center', [{ state: 'failed', error: error('http', 'The server answered 401.', true, 401) }], { 'message-failed': 'Please sign in again' }],
    ['bottom-end', [{ state: 'failed', error: error('http', 'The server answered 500.', true, 500) }, { state: 'connected' }]],
  ];
  const stage = document.createElement('div');
  stage.className = 'stage';
  stage.innerHTML = '<p>&lt;status-toast&gt; in its six positions: retrying, offline, stalled, failed, failed with message-failed, reconnected</p>';
  document.body.append(stage);
  for (const [position, statuses, attributes = {}] of toasts) {
    const toast = document.createElement('status-toast');
    toast.position = position;
    toast.delay = 0;
    toast.duration = 600_000;
    for (const [name, value] of Object.entries(attributes)) toast.setAttribute(name, value);
    document.body.append(toast);
    // Walk the statuses in order, so "Reconnected" follows a failure the way it does live.
    statuses.forEach((changes, index) => setTimeout(() => (toast.status = { ...idle, ...changes }), index * 50));
  }
}

async function shoot(browser, url, colorScheme, setup, size, file) {
  const page = await browser.newPage({ viewport: size, deviceScaleFactor: 2, colorScheme, reducedMotion: 'reduce' });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => customElements.get('status-toast') && customElements.get('connection-indicator'));
  await page.evaluate(setup);
  await page.waitForTimeout(400);
  const clip = setup === renderIndicators ? await page.locator('body').boundingBox() : undefined;
  await page.screenshot({ path: join(out, file), ...(clip ? { clip: { x: 0, y: 0, width: size.width, height: Math.ceil(clip.height) } } : {}) });
  await page.close();
  console.log(`wrote docs/screenshots/${file}`);
}

let server;
let browser;
try {
  await mkdir(out, { recursive: true });
  server = await serveBundle({ page: PAGE });
  browser = await chromium.launch(playwrightLaunchOptions());
  for (const scheme of ['light', 'dark']) {
    await shoot(browser, server.url, scheme, renderIndicators, { width: 860, height: 600 }, `indicator-states-${scheme}.png`);
    await shoot(browser, server.url, scheme, renderToasts, { width: 1280, height: 440 }, `toast-states-${scheme}.png`);
  }
} finally {
  await browser?.close();
  await server?.close();
}

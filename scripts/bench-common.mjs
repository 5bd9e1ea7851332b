// @ts-check
// What the bench sections share: the snapshot of dist/ they all measure, medians, Markdown tables, a local
// page server, starting Chromium, and fetch-event-source for a page. Used by scripts/bench.mjs and its
// scripts/bench-*.mjs sections.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

/** The built files every section measures: what `npm run build` makes and users load. */
export const DIST_FILES = ['dist/core.js', 'dist/index.js', 'dist/sse-feed.bundle.js'];

/**
 * Where the measured build came from, for the results file.
 * @typedef {{ builtAt: string, bundleBytes: number, bundleSha256: string, head: string, uncommitted: string[], stale: string | null }} DistInfo
 */

/**
 * A request handler that answers some requests and returns true for those.
 * @typedef {(request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse, url: URL) => boolean | Promise<boolean>} Handler
 */

/**
 * Newest modification time among the sources the build reads (tests and stories aside), with its path.
 * @param {string} dir
 * @returns {{ at: number, path: string }}
 */
export function newestSource(dir) {
  let newest = { at: 0, path: '' };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = newestSource(path);
      if (inner.at > newest.at) newest = inner;
    } else if (/\.ts$/.test(entry.name) && !/\.(test|stories)\.ts$/.test(entry.name)) {
      const at = statSync(path).mtimeMs;
      if (at > newest.at) newest = { at, path };
    }
  }
  return newest;
}

/**
 * Checks that dist/ exists and is newer than every source under components/, then copies it (with
 * package.json, whose `type` and `sideEffects` apply to it) into a temporary directory, so a rebuild during
 * the run can neither change nor break what is measured. Returns `{ error }` when dist/ is missing or stale
 * (stale is let through with `allowStale`, and said in `info.stale`),
 * else `{ dir, dist, bundle, info, cleanup() }`: `dist` the copy's dist/ path, `bundle` the bytes of
 * sse-feed.bundle.js, `info` where the build came from (for the results file).
 * @param {string} root @param {{ allowStale?: boolean }} [options]
 * @returns {{ error: string } | { error?: undefined, dir: string, dist: string, bundle: Buffer, info: DistInfo, cleanup: () => void }}
 */
export function snapshotDist(root, { allowStale = false } = {}) {
  const missing = DIST_FILES.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) {
    return { error: `${missing.join(', ')} not found: run \`npm run build\` first (the bench measures the built files, never the sources)` };
  }
  const builtAt = Math.min(...DIST_FILES.map((file) => statSync(join(root, file)).mtimeMs));
  const source = newestSource(join(root, 'components'));
  let stale = null;
  if (source.at > builtAt) {
    const path = source.path.slice(root.length + 1);
    stale = `dist/ is older than ${path} (built ${new Date(builtAt).toISOString()}, source changed ${new Date(source.at).toISOString()})`;
    if (!allowStale) return { error: `${stale}: run \`npm run build\` first, so the bench measures what the sources build to` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sse-feed-bench-dist-'));
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true, filter: (path) => !path.endsWith('.map') });
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  const bundle = readFileSync(join(dir, 'dist', 'sse-feed.bundle.js'));
  const git = (/** @type {string[]} */ args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  const info = {
    builtAt: new Date(builtAt).toISOString(),
    bundleBytes: bundle.length,
    bundleSha256: createHash('sha256').update(bundle).digest('hex').slice(0, 16),
    // Where the build most likely came from: the commit checked out and what differed from it under components/.
    head: git(['rev-parse', '--short', 'HEAD']),
    uncommitted: git(['status', '--porcelain', '--', 'components']).split('\n').filter(Boolean),
    stale,
  };
  return { dir, dist: join(dir, 'dist'), bundle, info, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The median of `values` (NaN for none). @param {number[]} values */
export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * A Markdown table from rows of cells, the first row being the header.
 * @param {(string | number)[][]} rows
 */
export function markdownTable(rows) {
  const widths = rows[0].map((_, column) => Math.max(3, ...rows.map((row) => String(row[column]).length)));
  const line = (/** @type {(string | number)[]} */ row) => `| ${row.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
  return [line(rows[0]), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

/** A whole number with thousands separators. @param {number} value */
export const count = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—');

/** Bytes as KB (1024) with `digits` decimals. @param {number} bytes */
export const kb = (bytes, digits = 2) => `${(bytes / 1024).toFixed(digits)} KB`;

/** Resolves after `ms` milliseconds. @param {number} ms @returns {Promise<void>} */
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Contestants in the order of `round`: as given on even rounds, reversed on odd ones.
 * @template T @param {T[]} items @param {number} round
 */
export const roundOrder = (items, round) => (round % 2 === 0 ? items : [...items].reverse());

/**
 * A script a bench page loads: its bytes, whether it is a module, the URL it is served at (default `/<key>.js`),
 * and a folder of files served under a URL prefix beside it.
 * @typedef {{ body: string | Uint8Array, module: boolean, url?: string, chunks?: { prefix: string, dir: string } }} PageScript
 */

/**
 * The built bundle of `dist` as a page script at its own name, its on-demand files (`chunks/`: the eventsource
 * transport, the toast's looks...) beside it, as a page that serves dist/ has them: the chunks import
 * `../sse-feed.bundle.js`, so the bundle must be served at that name or it would load twice. `prefix` keeps a
 * second build apart (`/compare`).
 * @param {string} dist @param {string} [prefix] @returns {PageScript}
 */
export function bundleScript(dist, prefix = '') {
  return {
    body: readFileSync(join(dist, 'sse-feed.bundle.js')),
    module: true,
    url: `${prefix}/sse-feed.bundle.js`,
    chunks: { prefix: `${prefix}/chunks/`, dir: join(dist, 'chunks') },
  };
}

/**
 * A local HTTP server on 127.0.0.1 (or `port`): `/page?scripts=a,b` is an empty HTML page that loads those
 * scripts (keys of `scripts`, each a PageScript) after the inline `prelude` (a classic script, so it runs
 * before any module), `/<key>.js` (or the script's `url`) serves them, and a script's `chunks` folder is served
 * under its `prefix`; `handle(request, response, url)` sees every other request and
 * returns true when it answered it. Resolves to `{ url, port, close() }`; `close()` also ends open streams.
 * @param {{ scripts?: Record<string, PageScript>, prelude?: string, handle?: Handler, port?: number }} options
 */
export async function startPageServer({ scripts = {}, prelude = '', handle, port = 0 }) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname === '/page') {
        const keys = (url.searchParams.get('scripts') ?? '').split(',').filter((key) => scripts[key]);
        const tags = keys.map((key) => `<script${scripts[key].module ? ' type="module"' : ''} src="${scripts[key].url ?? `/${key}.js`}"></script>`).join('');
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        response.end(
          `<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title>` +
            `${prelude ? `<script>${prelude}</script>` : ''}${tags}<body></body></html>`,
        );
        return;
      }
      const script = Object.entries(scripts).find(([key, { url: at }]) => url.pathname === (at ?? `/${key}.js`))?.[1];
      const chunk = Object.values(scripts).find(({ chunks }) => chunks && url.pathname.startsWith(chunks.prefix))?.chunks;
      const chunkFile = chunk ? join(chunk.dir, basename(url.pathname)) : '';
      if (script || (chunkFile.endsWith('.js') && existsSync(chunkFile))) {
        response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
        response.end(script ? script.body : readFileSync(chunkFile));
        return;
      }
      if (handle && (await handle(request, response, url))) return;
      response.writeHead(404).end();
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(String(error));
    }
  });
  await new Promise((done) => server.listen(port, '127.0.0.1', () => done(undefined)));
  const actual = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    server,
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done(undefined)));
    },
  };
}

/**
 * Writes `bytes` in `size` pieces, waiting for the socket to drain; stops early when the client went away.
 * @param {import('node:http').ServerResponse} response @param {Buffer} bytes
 */
export async function writeAll(response, bytes, size = 65_536) {
  let closed = false;
  const onClose = () => (closed = true);
  response.on('close', onClose);
  for (let at = 0; at < bytes.length && !closed; at += size) {
    if (!response.write(bytes.subarray(at, at + size))) {
      await new Promise((done) => {
        const go = () => {
          response.off('drain', go);
          response.off('close', go);
          done(undefined);
        };
        response.on('drain', go);
        response.on('close', go);
      });
    }
  }
  response.off('close', onClose);
  return !closed;
}

/**
 * Starts Chromium as the project does (scripts/chromium.mjs, headless=new) through playwright-core, or
 * resolves to null (with the reason printed) when there is none.
 * @param {string} what the section, for the message
 */
export async function launchChromium(what) {
  const { chromiumArgs, findChromium, playwrightLaunchOptions } = await import('./chromium.mjs');
  if (!findChromium()) {
    console.log(`\n${what} skipped: no Chromium found (set CHROME_PATH)`);
    return null;
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ ...playwrightLaunchOptions(), args: [...chromiumArgs, '--headless=new'] });
}

/**
 * Reads a package's version from node_modules (for the tables), or null.
 * @param {string} root @param {string} name
 * @returns {string | null}
 */
export function packageVersion(root, name) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/**
 * Opens `url` in `page` and waits until `<sse-feed>` is defined; when it is not within 10 s, throws with what
 * the page reported (a bundle that fails to load says why here, not as a bare timeout).
 * @param {import('playwright-core').Page} page @param {string} url
 */
export async function openFeedPage(page, url) {
  /** @type {string[]} */
  const problems = [];
  const onError = (/** @type {Error} */ error) => problems.push(`page error: ${error.message}`);
  const onConsole = (/** @type {import('playwright-core').ConsoleMessage} */ message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  };
  page.on('pageerror', onError);
  page.on('console', onConsole);
  try {
    await page.goto(url);
    await page.waitForFunction(() => customElements.get('sse-feed'), null, { timeout: 10_000 });
  } catch (error) {
    throw new Error(`<sse-feed> was not defined by dist/sse-feed.bundle.js: ${problems.join('; ') || (error instanceof Error ? error.message : String(error))}`, { cause: error });
  } finally {
    page.off('pageerror', onError);
    page.off('console', onConsole);
  }
}

/**
 * fetch-event-source for a page: its ESM build bundled by esbuild, exposed as `window.fetchEventSource`.
 * @param {string} root
 */
export async function fetchEventSourceScript(root) {
  const result = await build({
    stdin: {
      contents: "import { fetchEventSource } from '@microsoft/fetch-event-source'; window.fetchEventSource = fetchEventSource;",
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

// @ts-check
// The newcomer's path, as a test: a fresh clone of this checkout's HEAD, `npm install`, `npm start`. It must print
// one `start: ready at URL` line; the URL must answer with the catalog, land on the introduction with the live
// demo connected and streaming, and log no console warning or error (the dev server, unlike e2e's static build,
// is where "Lit is in dev mode" and "Multiple versions of Lit" would show). Then each way of stopping it must
// leave nothing behind, neither a process it started nor a listener on its port (the demo server is mounted in
// the same server): SIGTERM to npm's pid, Ctrl-C (SIGINT to the terminal's whole process group), and SIGINT and
// SIGTERM to scripts/start.mjs's pid. Each is a start of its own on a free port.
//
// Usage: node scripts/check-start.mjs [--here]
//   --here: run `npm start` in this checkout instead of a fresh clone (no clone, no install; quicker).
// Needs git, npm (and the registry or its cache, for `npm install`) and Chromium (scripts/chromium.mjs).
// The last line is `newcomer: N passed, N failed`; the exit code is 1 when anything failed.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { playwrightLaunchOptions } from './chromium.mjs';
import { assert, createChecks } from './checks.mjs';
import { freePort } from './cli.mjs';

const here = fileURLToPath(new URL('..', import.meta.url));
const inPlace = process.argv.includes('--here');
const LIVE_DEMO = 'start-here-live-demo--live-demo';
const READY_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 20_000;
const { check: verdict, run: check, finish } = createChecks('newcomer');
/**
 * The ways `npm start` gets stopped. SIGINT to npm's pid alone is not among them: npm passes it to the `sh -c` it
 * runs the script in, and Debian's dash keeps waiting for its child, which never hears of it (an `exec` in the
 * script would fix that; see the report of issue 12).
 */
const STOPS = ['SIGTERM to npm', 'ctrl-c', 'SIGINT to start', 'SIGTERM to start'];
/** @type {Record<string, string>} */
const STOP_WORDS = {
  'SIGTERM to npm': "SIGTERM to npm's pid (a process manager, `kill %1`)",
  'ctrl-c': 'Ctrl-C (SIGINT to the terminal\'s process group)',
  'SIGINT to start': "SIGINT to scripts/start.mjs's pid",
  'SIGTERM to start': "SIGTERM to scripts/start.mjs's pid",
};
/** @type {string[]} */
const measured = [];


/** True when something accepts a connection on localhost:`port` (IPv4 or IPv6). @param {number} port */
async function listening(port) {
  const attempt = (/** @type {string} */ host) =>
    /** @type {Promise<boolean>} */ (new Promise((resolve) => {
      const socket = createConnection({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    }));
  return (await attempt('127.0.0.1')) || (await attempt('::1'));
}

/** The parent pid of every process, read from /proc. */
function parents() {
  /** @type {Map<number, { ppid: number, state: string }>} */
  const map = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name is in parentheses and may hold spaces: the fields after it are what we read.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      map.set(Number(name), { ppid: Number(fields[1]), state: fields[0] });
    } catch {
      // The process ended while we read.
    }
  }
  return map;
}

/** @typedef {{ pid: number, command: string }} ProcessEntry */

/**
 * `pid` and every live process below it, with their command lines.
 * @param {number | undefined} pid
 */
function processTree(pid) {
  const map = parents();
  /** @type {ProcessEntry[]} */
  const tree = [];
  const visit = (/** @type {number | undefined} */ id) => {
    if (id === undefined) return;
    const entry = map.get(id);
    if (!entry || entry.state === 'Z') return;
    let cmdline;
    try {
      cmdline = readFileSync(`/proc/${id}/cmdline`, 'utf8');
    } catch {
      return;
    }
    tree.push({ pid: id, command: cmdline.replaceAll('\0', ' ').trim() });
    for (const [child, { ppid }] of map) if (ppid === id) visit(child);
  };
  visit(pid);
  return tree;
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z';
  } catch {
    return false;
  }
}

/**
 * `npm start` in `cwd` on `port`, in a process group of its own, as a terminal would run it: `output` collects
 * what it prints, `ready` resolves with the URL of its ready line.
 * @param {string} cwd @param {number} port
 */
function npmStart(cwd, port) {
  const child = spawn('npm', ['start'], {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), BROWSER: 'none', CI: 'true' },
  });
  /** @typedef {{ code: number | null, signal: NodeJS.Signals | null }} Exit */
  const run = {
    child,
    output: '',
    started: Date.now(),
    /** @type {Exit | null} */
    exited: null,
    /** @type {Promise<Exit>} */
    exitedPromise: new Promise(() => undefined),
    /** @type {Promise<string>} */
    ready: new Promise(() => undefined),
    readyAfter: 0,
  };
  run.exitedPromise = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      const exited = { code, signal };
      run.exited = exited;
      resolve(exited);
    }),
  );
  run.ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within ${READY_TIMEOUT_MS / 1000} s:\n${run.output}`)), READY_TIMEOUT_MS);
    const onData = (/** @type {string} */ chunk) => {
      run.output += chunk;
      const match = /^start: ready at (\S+)/m.exec(run.output);
      if (match) {
        clearTimeout(timer);
        run.readyAfter = (Date.now() - run.started) / 1000;
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    run.exitedPromise.then(() => {
      clearTimeout(timer);
      reject(new Error(`npm start exited before its ready line (${JSON.stringify(run.exited)}):\n${run.output}`));
    });
  });
  run.ready.catch(() => {});
  return run;
}

/**
 * Sends `signal` as a person or a process manager would, and checks that nothing of the run is left.
 * @param {ReturnType<typeof npmStart>} run @param {number} port @param {string} how one of STOPS
 */
async function stopAndCheck(run, port, how) {
  const tree = processTree(run.child.pid);
  assert(tree.length >= 2, `npm start runs ${tree.length} process(es): ${tree.map((entry) => entry.command).join('; ')}`);
  const started = Date.now();
  const [signal, target] = how.split(' to ');
  const pid = run.child.pid ?? 0;
  if (how === 'ctrl-c') process.kill(-pid, 'SIGINT');
  else if (target === 'npm') run.child.kill(/** @type {NodeJS.Signals} */ (signal));
  else {
    const start = tree.find((entry) => /^\S*node \S*scripts\/start\.mjs/.test(entry.command));
    assert(start, `no scripts/start.mjs among ${tree.map((entry) => entry.command).join('; ')}`);
    process.kill(start.pid, signal);
  }
  const exited = await Promise.race([run.exitedPromise, new Promise((resolve) => setTimeout(() => resolve(null), STOP_TIMEOUT_MS))]);
  // Whatever is left after npm itself ended, give it a moment: a process stopping its children exits last.
  let left = tree.filter((entry) => alive(entry.pid));
  for (let waited = 0; left.length > 0 && waited < STOP_TIMEOUT_MS; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    left = tree.filter((entry) => alive(entry.pid));
  }
  const stillListening = await listening(port);
  // Never leave a test's processes behind, whatever the outcome.
  for (const entry of left) {
    try {
      process.kill(entry.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  assert(exited !== null, `npm start did not exit within ${STOP_TIMEOUT_MS / 1000} s of ${how}`);
  assert(left.length === 0, `left running after ${how}:\n${left.map((entry) => `${entry.pid} ${entry.command}`).join('\n')}`);
  assert(!stillListening, `port ${port} still answers after ${how}`);
  measured.push(`${how}: everything stopped in ${((Date.now() - started) / 1000).toFixed(1)} s (${tree.length} processes)`);
}

/**
 * The catalog at `url` as a newcomer's browser sees it.
 * @param {import('playwright-core').Browser} browser @param {string} url
 */
async function visit(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  /** @type {string[]} */
  const problems = [];
  context.on('console', (message) => {
    if (['warning', 'error', 'assert'].includes(message.type())) problems.push(`${message.type()}: ${message.text()}`);
  });
  context.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
  try {
    await check('the URL lands on the introduction, whose live demo connects and lists prices', async () => {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForURL(/path=\/docs\/start-here-introduction--docs/, { timeout: 60_000 });
      const demo = page.frameLocator('#storybook-preview-iframe').frameLocator('iframe').first();
      await demo.locator('connection-indicator[state="connected"]').waitFor({ timeout: 60_000 });
      await demo.locator('demo-message-log tr[data-kind="message"]').first().waitFor({ timeout: 15_000 });
      await page.close();
    });
    await check('the live demo story streams prices from the demo server', async () => {
      const page = await context.newPage();
      await page.goto(`${url}iframe.html?id=${LIVE_DEMO}&viewMode=story`);
      await page.waitForFunction(() => (document.querySelector('sse-feed')?.status.messages ?? 0) >= 2, null, { timeout: 30_000 });
      const row = await page.locator('demo-message-log tr[data-kind="message"] td.details').first().textContent();
      assert(/^SSE \d+\.\d\d$/.test(row?.trim() ?? ''), `the newest price reads "${row}"`);
      await page.close();
    });
    await check('the dev server\'s catalog logs no console warning or error (one Lit, production mode)', async () => {
      assert(problems.length === 0, problems.join('\n'));
    });
  } finally {
    await context.close();
  }
}

/** What a signal to this check must clean up: the `npm start` running now, the browser, the scratch clone. */
/** @type {{ run: ReturnType<typeof npmStart> | null, browser: import('playwright-core').Browser | null, scratch: string | null }} */
const running = { run: null, browser: null, scratch: null };

for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.once(signal, async () => {
    console.log(`newcomer: ${signal}: stopping what this check started`);
    for (const entry of running.run ? processTree(running.run.child.pid) : []) {
      try {
        process.kill(entry.pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    await Promise.race([running.browser?.close(), new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (running.scratch) cleanUp(running.scratch);
    process.exit(1);
  });
}

async function main() {
  let checkout = here;
  /** @type {string | null} */
  let scratch = null;
  if (!inPlace) {
    scratch = mkdtempSync(join(tmpdir(), 'sse-feed-newcomer-'));
    running.scratch = scratch;
    checkout = join(scratch, 'sse-feed');
    const cloned = await check('git clone of this checkout\'s HEAD', async () => {
      const clone = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', here, checkout], { encoding: 'utf8' });
      assert(clone.status === 0, clone.stderr);
    });
    const installed =
      cloned &&
      (await check('npm install in the fresh clone', async () => {
        const started = Date.now();
        const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: checkout, encoding: 'utf8', timeout: 900_000 });
        assert(install.status === 0, `npm install exited ${install.status}:\n${install.stdout}\n${install.stderr}`);
        measured.push(`npm install: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }));
    if (!installed) return cleanUp(scratch);
  }
  console.log(`newcomer: npm start in ${checkout}`);

  // This check's own signal handlers close the browser.
  const browser = await chromium.launch({ ...playwrightLaunchOptions(), handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  running.browser = browser;
  try {
    for (const how of STOPS) {
      const port = await freePort();
      const run = npmStart(checkout, port);
      running.run = run;
      let url = '';
      const ready = await check(`npm start prints one "ready at URL" line (port ${port})`, async () => {
        url = await run.ready;
        assert(url === `http://localhost:${port}/`, `the ready line names ${url}`);
        measured.push(`npm start to its ready line: ${run.readyAfter.toFixed(1)} s${how === STOPS[0] ? ' (the first start)' : ''}`);
        // A line printed before the catalog answers would send people to a blank page: it must answer now.
        const response = await fetch(url);
        assert(response.ok, `${url} answers ${response.status} right after the ready line`);
      });
      if (ready && how === STOPS[0]) await visit(browser, url);
      await check(`${STOP_WORDS[how]} stops everything: no process left, port ${port} free`, () => stopAndCheck(run, port, how));
      await check('the ready line was printed once, and nothing else claimed to be ready', async () => {
        const lines = run.output.split('\n').filter((line) => /ready at|localhost:\d+/i.test(line));
        assert(lines.filter((line) => /ready at/.test(line)).length === 1, `ready lines:\n${lines.join('\n')}`);
        assert(lines.length === 1, `lines naming a URL:\n${lines.join('\n')}`);
      });
    }
  } finally {
    await browser.close();
    if (scratch) cleanUp(scratch);
  }
}

/** @param {string} scratch */
function cleanUp(scratch) {
  rmSync(scratch, { recursive: true, force: true });
}

const started = Date.now();
try {
  await main();
} catch (error) {
  verdict('the check ran to its end', false, error instanceof Error ? (error.stack ?? error.message) : String(error));
}
for (const line of measured) console.log(`newcomer: ${line}`);
console.log(`newcomer: finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
finish();

// @ts-check
// `npm start`: the catalog (Storybook dev on port 6006, PORT to change it) with the demo SSE server mounted in
// the same server, never opening a browser. Prints one `start: ready at URL` line once the catalog answers with
// the live demo's story, and stops everything it started on SIGINT (Ctrl-C), SIGTERM and SIGHUP.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT ?? '6006';
const url = `http://localhost:${port}/`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** The story the ready line promises: the live demo, which the introduction page opens with. */
const LIVE_DEMO = 'start-here-live-demo--live-demo';
/** How long Storybook may take to stop on a signal before its whole process group is killed. */
const STOP_GRACE_MS = 5000;
/** A catalog that has not answered by then has failed to start (a cold first start here takes ~10 s). */
const READY_TIMEOUT_MS = 180_000;

// Storybook's own bin, run by this node: no npx layer in between.
const require = createRequire(import.meta.url);
const storybookPackage = require.resolve('storybook/package.json');
const storybookBin = join(dirname(storybookPackage), require(storybookPackage).bin);

let stopping = false;
/** @type {import('node:child_process').ChildProcess | null} */
let storybook = null;

/**
 * Stops Storybook and everything it started (Vite, esbuild's service): they run in a process group of their own,
 * so the signal goes to the whole group, and a group still alive after STOP_GRACE_MS is killed.
 * @param {NodeJS.Signals} signal
 */
function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (!storybook || storybook.exitCode !== null || storybook.signalCode !== null) process.exit(signal === 'SIGINT' ? 130 : 143);
  signalGroup(signal);
  setTimeout(() => signalGroup('SIGKILL'), STOP_GRACE_MS).unref();
}

/** @param {NodeJS.Signals} signal */
function signalGroup(signal) {
  try {
    if (storybook?.pid !== undefined) process.kill(-storybook.pid, signal);
  } catch {
    // The group is gone already.
  }
}

for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, () => stop(signal));
// `npm start` runs this under `sh -c`, and a signal sent to npm's pid goes to that shell only: on SIGTERM the shell
// dies and leaves this process to init, never telling it. A parent that is gone means whoever started this is
// gone: stop as for SIGTERM.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart) stop('SIGTERM');
}, 250).unref();
// If this process ends any other way (an exception), it still takes Storybook with it.
process.on('exit', () => {
  if (storybook && storybook.exitCode === null && storybook.signalCode === null) signalGroup('SIGKILL');
});

// Controls and docs come from the manifest; Storybook cannot start without the file.
if (!existsSync(new URL('../custom-elements.json', import.meta.url))) {
  console.log('start: custom-elements.json is missing, running the analyzer');
  const analyze = spawnSync(npm, ['run', '--silent', 'analyze'], { cwd: root, stdio: 'inherit' });
  if (analyze.status !== 0) process.exit(analyze.status ?? 1);
}

console.log(`start: starting the catalog and the demo server on port ${port}…`);
const started = Date.now();
storybook = spawn(
  process.execPath,
  [storybookBin, 'dev', '--port', port, '--no-open', '--ci', '--exact-port', '--quiet', '--disable-telemetry', '--no-version-updates'],
  // detached: a process group of its own, which stop() signals as a whole. A terminal's Ctrl-C reaches this
  // process only, and stop() passes it on once.
  { cwd: root, stdio: 'inherit', detached: true, env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } },
);
storybook.on('exit', (code, signal) => {
  // Whatever Storybook left in its group goes with it.
  signalGroup('SIGKILL');
  if (stopping) process.exit(process.exitCode ?? 0);
  console.log(`start: Storybook exited (${signal ?? `code ${code}`})`);
  process.exit(code || 1);
});

/**
 * True once `path` answers 200 with a body that passes `accept`.
 * @param {string} path @param {(body: string) => boolean} [accept]
 */
async function answers(path, accept = () => true) {
  try {
    const response = await fetch(new URL(path, url), { signal: AbortSignal.timeout(30_000) });
    return response.ok && accept(await response.text());
  } catch {
    return false;
  }
}

/** The modules an ES module imports, statically or dynamically, by absolute path on this server (Vite rewrites every specifier so). */
/** @param {string} source */
function importsOf(source) {
  /** @type {Set<string>} */
  const found = new Set();
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)"(\/[^"]+)"/g)) found.add(match[1]);
  return found;
}

/**
 * Fetches the preview's entry modules and everything they import, as a browser would: on a cold start Vite compiles
 * each module on its first request, and a first visitor who waits for hundreds of them sees a blank preview (and
 * Storybook's "Timed out waiting for leader state" errors). True once every module answered 200.
 * @param {string[]} entries
 */
async function warmPreview(entries) {
  const seen = new Set(entries);
  let queue = [...entries];
  while (queue.length > 0 && !stopping) {
    const batch = queue.splice(0, 8);
    const sources = await Promise.all(
      batch.map(async (path) => {
        try {
          const response = await fetch(new URL(path, url), { signal: AbortSignal.timeout(60_000) });
          return response.ok ? await response.text() : null;
        } catch {
          return null;
        }
      }),
    );
    for (const source of sources) {
      if (source === null) return false;
      for (const path of importsOf(source)) {
        if (!seen.has(path)) {
          seen.add(path);
          queue.push(path);
        }
      }
    }
    queue = queue.filter((path) => !/\.(css|svg|png|woff2?)(\?|$)/.test(path));
  }
  return !stopping;
}

/**
 * The catalog answers when its UI, its story index (with the live demo) and the live demo's preview frame are
 * served, and every module of the preview is compiled.
 */
async function catalogAnswers() {
  if (!(await answers('', (body) => body.includes('storybook')))) return false;
  if (!(await answers('index.json', (body) => body.includes(`"${LIVE_DEMO}"`)))) return false;
  /** @type {string[]} */
  const entries = [];
  const frame = await answers(`iframe.html?id=${LIVE_DEMO}&viewMode=story`, (body) => {
    for (const match of body.matchAll(/<script\s+type="module"\s+src="([^"]+)"/g)) entries.push(match[1]);
    return entries.length > 0;
  });
  return frame && (await warmPreview(entries));
}

while (!stopping) {
  if (await catalogAnswers()) {
    if (!stopping) console.log(`start: ready at ${url} (in ${((Date.now() - started) / 1000).toFixed(1)} s; the live demo streams from ${url}demo/live; Ctrl-C stops it)`);
    break;
  }
  if (Date.now() - started > READY_TIMEOUT_MS) {
    console.log(`start: the catalog did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s; stopping`);
    stop('SIGTERM');
    process.exitCode = 1;
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}

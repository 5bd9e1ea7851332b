// @ts-check
// Benchmarks of what ships (issue 9): every section measures the built dist/ files, never the sources, each
// contestant beside its peers in the same run, rounds in alternating order, medians, one Markdown table per
// section, the issue's targets printed beside the figures (never a failure). A full run writes bench/results.json.
//   1. parser in Node: SseParser (dist/core.js) vs eventsource-parser vs a decode-and-split floor   scripts/bench-parser.mjs
//   2. end to end in Chromium: <sse-feed> (both transports) vs EventSource, fetch-event-source, a floor  scripts/bench-e2e.mjs
//   3. size: min+gz of the bundle and of what imports pull in, beside htmx-ext-sse and the others      scripts/bench-size.mjs
//   4. churn: 10,000 connect/drop/reconnect cycles, then heap after GC, timers and listeners left       scripts/bench-churn.mjs
//   5. recovery: `online` → request on the wire, server back → request on the wire                     scripts/bench-recovery.mjs
//   6. main thread under bursts: longest task and frame gap vs EventSource, fetch-event-source, a floor  scripts/bench-bursts.mjs
//   7. hostile servers: requests in a fixed window vs EventSource and fetch-event-source                 scripts/bench-flood.mjs
//
// Usage: npm run build && npm run bench [-- options]
//   --quick                one round, small sizes, 1 s bursts, short windows: a CI smoke run (about 60 s);
//                          bench/results.json is left alone
//   --sections a,b         some sections only (parser, e2e, size, churn, recovery, bursts, hostile); results file left alone
//   --churn-cycles N       churn cycles (default 10000; quick 1000)
//   --burst-seconds N      length of the timed bursts (default 2, quick 1, to keep a full run within ~5 minutes; the long
//                          ones: --sections bursts --burst-seconds 10); --rounds N burst rounds (default 3; quick 1)
//   --catch-up-seconds N   how long the bursts wait for a contestant that fell behind (default 2)
//   --contestants a,b      some of the bursts' contestants only (feed-fetch, feed-eventsource, native, fetch-event-source,
//                          floor); the results file is left alone
//   --allow-stale          measure dist/ even when a source under components/ is newer (said in the output)
//   --out <path>           write the results file there (also for a quick or partial run)
//   --compare-dist <dir>   (or BENCH_COMPARE_DIST) another build's dist/ (an older commit's, say): the end-to-end
//                          section runs its bundle's fetch transport as one more contestant, in the same rounds;
//                          the results file is left alone
// Exits 1 when dist/ is missing or stale, or a section could not be measured at all; otherwise 0, whatever the
// figures (a target not met, a message not delivered: printed, FLAGGED, and in the results file).
// Re-runs itself with --expose-gc (the parser section forces GCs between runs).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { bundleScript, kb, markdownTable, snapshotDist } from './bench-common.mjs';
import { argv, flag, option } from './cli.mjs';

const script = fileURLToPath(import.meta.url);
const root = join(script, '..', '..');

if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', script, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const SECTIONS = ['parser', 'e2e', 'size', 'churn', 'recovery', 'bursts', 'hostile'];
const quick = flag('quick');
const only = option('sections', '') ? option('sections', '').split(',') : null;
const unknown = (only ?? []).filter((name) => !SECTIONS.includes(name));
if (unknown.length > 0) {
  console.error(`unknown section(s) ${unknown.join(', ')}: choose from ${SECTIONS.join(', ')}`);
  process.exit(1);
}
const settings = {
  parserRounds: quick ? 1 : 5,
  e2eRounds: quick ? 1 : 5,
  e2eMessages: quick ? 10_000 : 50_000,
  churnCycles: Number(option('churn-cycles', quick ? '1000' : '10000')),
  recoveryRounds: quick ? 1 : 3,
  // 10 s bursts (the burst section's own brief) make that section alone ~8 min (5 contestants × 3 shapes ×
  // 3 rounds, each burst plus catching up); 2 s keeps the whole run within ~5 minutes (3 s: ~5.5).
  // `--sections bursts --burst-seconds 10` gives the long ones.
  burstSeconds: Number(option('burst-seconds', quick ? '1' : '2')),
  burstRounds: Number(option('rounds', quick ? '1' : '3')),
  catchUpSeconds: Number(option('catch-up-seconds', '2')),
  contestants: option('contestants', '') ? option('contestants', '').split(',') : null,
};
const wanted = (/** @type {string} */ name) => (only ? only.includes(name) : true);
const compareDist = option('compare-dist', process.env.BENCH_COMPARE_DIST ?? '');
const compareBundlePath = compareDist === '' ? '' : join(isAbsolute(compareDist) ? compareDist : join(process.cwd(), compareDist), 'sse-feed.bundle.js');
if (compareBundlePath !== '' && !existsSync(compareBundlePath)) {
  console.error(`npm run bench: --compare-dist: ${compareBundlePath} not found`);
  process.exit(1);
}
const benchStarted = Date.now();

const snapshot = snapshotDist(root, { allowStale: flag('allow-stale') });
if (snapshot.error !== undefined) {
  console.error(`npm run bench: ${snapshot.error}`);
  process.exit(1);
}
const machine = {
  cpu: cpus()[0]?.model ?? '',
  cpus: cpus().length,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtStart: loadavg()[0],
};
console.log(
  `# sse-feed bench${quick ? ' (quick)' : ''}\n\n${machine.cpu}, ${machine.cpus} CPUs, Node ${machine.node}, ${machine.platform}; ` +
    `load average ${machine.loadAverageAtStart.toFixed(1)} at start.\n` +
    `Measured: dist/ built ${snapshot.info.builtAt} (checked out: ${snapshot.info.head}` +
    `${snapshot.info.uncommitted.length > 0 ? `, uncommitted under components/: ${snapshot.info.uncommitted.join(', ')}` : ''}), ` +
    `sse-feed.bundle.js ${snapshot.info.bundleBytes} bytes, sha256 ${snapshot.info.bundleSha256}` +
    `${snapshot.info.stale ? `.\nWARNING (--allow-stale): ${snapshot.info.stale}` : ''}.`,
);

/** @type {Record<string, string>} */
const errors = {};
/**
 * Runs one section; an exception is reported and recorded, and the other sections still run. Resolves to its
 * figures with the time it took, or null (not asked for, not measured, or no Chromium).
 * @template {object} T
 * @param {string} name @param {() => Promise<T | null>} run
 * @returns {Promise<(T & { sectionSeconds: number }) | null>}
 */
async function section(name, run) {
  if (!wanted(name)) return null;
  const started = Date.now();
  try {
    const figures = await run();
    return figures && { ...figures, sectionSeconds: Math.round((Date.now() - started) / 1000) };
  } catch (error) {
    errors[name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.log(`\n## ${name}: could not be measured\n\n${errors[name]}`);
    return null;
  }
}

/**
 * Every section in turn, on the snapshot of dist/ taken at the start.
 * @param {Extract<ReturnType<typeof snapshotDist>, { dist: string }>} dist
 */
async function measure(dist) {
  const parser = await section('parser', async () => {
    const { parserBench } = await import('./bench-parser.mjs');
    return parserBench({ root, dist: dist.dist, quick, rounds: settings.parserRounds });
  });
  const size = await section('size', async () => {
    const { sizeBench } = await import('./bench-size.mjs');
    return sizeBench({ root, dist: dist.dist, bundle: dist.bundle });
  });
  const e2e = await section('e2e', async () => {
    const { endToEndBench } = await import('./bench-e2e.mjs');
    const compare = compareBundlePath === '' ? undefined : { bundle: bundleScript(dirname(compareBundlePath), '/compare'), label: compareDist };
    return endToEndBench({ root, bundle: bundleScript(dist.dist), compare, quick, rounds: settings.e2eRounds, messages: settings.e2eMessages });
  });
  const churn = await section('churn', async () => {
    const { churnBench } = await import('./bench-churn.mjs');
    return churnBench({ bundle: bundleScript(dist.dist), quick, cycles: settings.churnCycles });
  });
  const recovery = await section('recovery', async () => {
    const { recoveryBench } = await import('./bench-recovery.mjs');
    return recoveryBench({ bundle: bundleScript(dist.dist), quick, rounds: settings.recoveryRounds });
  });
  const bursts = await section('bursts', async () => {
    const { burstBench } = await import('./bench-bursts.mjs');
    console.log(
      `\n(bursts of ${settings.burstSeconds} s, ${settings.burstRounds} round(s): ` +
        `${quick ? 'quick run' : '2 s by default, to keep a full run within ~5 minutes; 10 s bursts take ~8 min by themselves: `npm run bench -- --sections bursts --burst-seconds 10`'})`,
    );
    return burstBench({
      root,
      quick,
      seconds: settings.burstSeconds,
      rounds: settings.burstRounds,
      catchUpSeconds: settings.catchUpSeconds,
      only: settings.contestants,
      bundle: bundleScript(dist.dist),
      bundleInfo: { bytes: dist.info.bundleBytes, sha256: dist.info.bundleSha256, builtAt: dist.info.builtAt, head: dist.info.head, uncommitted: dist.info.uncommitted },
    });
  });
  const hostile = await section('hostile', async () => {
    const { floodBench } = await import('./bench-flood.mjs');
    return floodBench({ root, bundle: bundleScript(dist.dist), quick });
  });
  return { parser, size, e2e, churn, recovery, bursts, hostile };
}

const results = await measure(snapshot).finally(() => snapshot.cleanup());
const failed = Object.keys(errors);
/** The results file's entry for a section without figures. @param {string} name */
const notMeasured = (name) => (errors[name] ? { error: errors[name] } : null);

// ---- Targets ----------------------------------------------------------------------------------------------

/** The issue's targets beside this run's figures: printed, never a failure. */
function targets() {
  const rows = [['target', 'figure', '']];
  /** @type {{ target: string, figure: string, met: boolean | null }[]} */
  const list = [];
  /** @param {string} what @param {string} figure @param {boolean | null} met */
  const add = (what, figure, met) => {
    rows.push([what, figure, met === null ? 'not measured' : met ? 'met' : 'NOT MET']);
    list.push({ target: what, figure, met });
  };
  const sizes = Object.fromEntries((results.size?.rows ?? []).map((row) => [row.key, row]));
  // Every size row with a budget (bench-size.mjs's SIZE_TARGETS).
  for (const row of Object.values(sizes)) {
    if (!row.targetBytes) continue;
    const what = `${row.what.replace(/^sse-feed: /, '')} min+gz <= ${kb(row.targetBytes, 1)}`;
    if (wanted('size')) add(what, row.gzipBytes ? kb(row.gzipBytes) : '—', row.gzipBytes ? row.gzipBytes <= row.targetBytes : null);
  }
  const churn = results.churn;
  if (wanted('churn')) {
    const ok = churn !== null;
    add(
      `churn: heap growth after ${ok ? churn.cycles.toLocaleString('en-US') : '—'} cycles < 1 MB`,
      ok ? `${(churn.heapGrowthBytes / 1024).toFixed(1)} KB` : '—',
      ok ? churn.targets.heapGrowthUnder1MB : null,
    );
    add('churn: timers left after close() = 0', ok ? String(churn.timersLeftAfterClose) : '—', ok ? churn.targets.noTimersLeft : null);
    add(
      'churn: window/document listeners left after close() = 0',
      ok ? String(churn.windowDocumentListenersLeftAfterClose.length) : '—',
      ok ? churn.targets.noListenersLeft : null,
    );
  }
  const recovery = results.recovery;
  if (wanted('recovery')) {
    const ok = recovery !== null;
    const figure = ok
      ? Object.entries(recovery.onlineToRequest)
          .map(([transport, value]) => `${transport}: ${value.medianMs} ms median, ${value.maxMs} max`)
          .join('; ')
      : '—';
    add('`online` → request on the wire < 100 ms', figure, ok ? recovery.onlineTargetMet : null);
  }
  const e2e = results.e2e;
  if (wanted('e2e')) {
    const ok = e2e !== null;
    const flagged = ok ? e2e.contestants.filter((contestant) => contestant.problems.length > 0).map((contestant) => contestant.label) : [];
    add('end to end: every message delivered, in order, by every contestant', ok ? (flagged.length ? `FLAGGED: ${flagged.join(', ')}` : 'all') : '—', ok ? flagged.length === 0 : null);
  }
  const parser = results.parser;
  if (wanted('parser')) {
    const ok = parser !== null;
    const flagged = ok
      ? parser.workloads.flatMap((load) => load.contestants.filter((contestant) => contestant.problems.length > 0).map((contestant) => `${load.key}/${contestant.key}`))
      : [];
    add('parser: same messages, same data for every contestant', ok ? (flagged.length ? `FLAGGED: ${flagged.join(', ')}` : 'all') : '—', ok ? flagged.length === 0 : null);
  }
  return { rows, list };
}

const summary = targets();
const seconds = Math.round((Date.now() - benchStarted) / 1000);
console.log(`\n## Targets\n\n${markdownTable(summary.rows)}`);

const partial = Boolean(only || settings.contestants);
const out = option('out', quick || partial ? null : join(root, 'bench', 'results.json'));
if (out) {
  const chromium = results.e2e?.chromium ?? results.churn?.chromium ?? results.recovery?.chromium ?? results.bursts?.chromium ?? null;
  const file = isAbsolute(out) ? out : join(process.cwd(), out);
  const record = {
    date: new Date().toISOString(),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    durationSeconds: seconds,
    machine: { ...machine, chromium, loadAverageAtEnd: loadavg()[0] },
    measured: snapshot.info,
    settings,
    targets: summary.list,
    // A section that could not be measured says why, where its figures would be.
    parser: results.parser ?? notMeasured('parser'),
    endToEnd: results.e2e ?? notMeasured('e2e'),
    size: results.size ?? notMeasured('size'),
    churn: results.churn ?? notMeasured('churn'),
    recovery: results.recovery ?? notMeasured('recovery'),
    mainThreadUnderBursts: results.bursts ?? notMeasured('bursts'),
    hostileServers: results.hostile ?? notMeasured('hostile'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}
console.log(
  `\nbench finished in ${seconds} s${failed.length > 0 ? `; NOT MEASURED: ${failed.join(', ')}` : ''}` +
    `${out ? `; figures written to ${out.startsWith(root) ? out.slice(root.length + 1) : out}` : quick ? ' (quick: bench/results.json left as it was)' : ' (some sections or contestants only: bench/results.json left as it was)'}`,
);
process.exit(failed.length > 0 ? 1 : 0);

// @ts-check
// npm run test:stress: the whole suite (npm test) with CPU-burning workers beside it, several times in a
// row, to show the tests hold on a loaded machine. Stops at the first failed run.
//   node scripts/stress.mjs [--runs 3] [--burners 2] [-- <arguments for web-test-runner>]

import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';

/** The number after `--name`, or `fallback`. @param {string} name @param {number} fallback */
function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}
const runs = option('runs', 3);
const burnerCount = option('burners', 2);
const separator = process.argv.indexOf('--');
const passThrough = separator === -1 ? [] : process.argv.slice(separator + 1);

// Each burner spins on a core of its own thread until the run is over.
const burners = Array.from({ length: burnerCount }, () => new Worker('for (;;) {}', { eval: true }));
const results = [];
try {
  for (let run = 1; run <= runs; run++) {
    console.log(`\n=== stress run ${run} of ${runs}, ${burnerCount} CPU-burning workers beside it`);
    const started = Date.now();
    const result = spawnSync('npm', ['test', '--', ...passThrough], { stdio: 'inherit' });
    const seconds = Math.round((Date.now() - started) / 1000);
    results.push({ run, ok: result.status === 0, seconds });
    console.log(`=== stress run ${run}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${seconds} s`);
    if (result.status !== 0) break;
  }
} finally {
  await Promise.all(burners.map((burner) => burner.terminate()));
}
const failed = results.filter((result) => !result.ok).length;
console.log(`\n${results.map((result) => `run ${result.run}: ${result.ok ? 'passed' : 'failed'} (${result.seconds} s)`).join('; ')}`);
console.log(`stress: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 && results.length === runs ? 0 : 1);

// @ts-check
// Runs the example projects' own tests: examples/vitest (a page tested with the test kit in Vitest browser mode) and
// examples/storybook-play (play functions run by @storybook/addon-vitest), both on the system Chromium, against
// the built package (run `npm run build` first). Then checks that each block of the testing guide marked as a copy of
// an example file is that file, word for word. The last line is `examples: N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PROJECTS = ['examples/vitest', 'examples/storybook-play'];

if (!existsSync(join(root, 'dist/testing.js'))) {
  console.error('test-examples: dist/testing.js is missing: run `npm run build` first (the examples test the built package)');
  process.exit(1);
}

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'sse-feed-examples-'));
const total = { passed: 0, failed: 0, skipped: 0 };
try {
  for (const project of PROJECTS) {
    console.log(`\n--- ${project}`);
    const report = join(scratch, `${project.replace(/\W+/g, '-')}.json`);
    const run = spawnSync(
      process.execPath,
      [vitest, 'run', '--root', join(root, project), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
      { cwd: root, stdio: 'inherit' },
    );
    /** @type {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number, numFailedTestSuites: number, numTotalTests: number } | null} */
    const counts = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null;
    // A project that did not run, a file that failed to load, or a run that found no test counts as a failure.
    const broken = counts === null || counts.numTotalTests === 0 || (run.status !== 0 && counts.numFailedTests === 0);
    const passed = counts?.numPassedTests ?? 0;
    const failed = (counts?.numFailedTests ?? 0) + (broken ? 1 : 0);
    const skipped = (counts?.numPendingTests ?? 0) + (counts?.numTodoTests ?? 0);
    console.log(`examples ${project.split('/').pop()}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    total.passed += passed;
    total.failed += failed;
    total.skipped += skipped;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// The guide shows the examples as they are: a block after `{/* fragment: a copy of FILE, ... */}` must equal FILE.
const GUIDE = 'stories/guides/testing.mdx';
const guide = readFileSync(join(root, GUIDE), 'utf8');
const copies = [...guide.matchAll(/\{\/\* fragment: a copy of (\S+?), [^*]*\*\/\}\n```\w*\n([\s\S]*?)\n```/g)];
for (const [, file, code] of copies) {
  const same = existsSync(join(root, file)) && readFileSync(join(root, file), 'utf8').trimEnd() === code.trimEnd();
  console.log(`${same ? '  ok  ' : '  FAIL'} ${GUIDE} shows ${file} as it is`);
  if (same) total.passed += 1;
  else total.failed += 1;
}
if (copies.length === 0) {
  console.log(`  FAIL ${GUIDE} shows no example file`);
  total.failed += 1;
}
console.log(`examples: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 ? 0 : 1);

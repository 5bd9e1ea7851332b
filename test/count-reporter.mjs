// Prints one `wtr <engine>: N passed, N failed, N skipped` line per engine, then `wtr: N passed, N failed,
// N skipped` over every engine as the very last line, the form CI logs are read for.

function countTests(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite?.suites ?? []) countTests(child, counts);
}

const line = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed, ${skipped} skipped`;

export function countReporter() {
  const total = { passed: 0, failed: 0, skipped: 0 };
  const perEngine = new Map();
  return {
    onTestRunFinished({ sessions }) {
      for (const session of sessions) {
        const engine = session.browser?.name ?? 'browser';
        if (!perEngine.has(engine)) perEngine.set(engine, { passed: 0, failed: 0, skipped: 0 });
        const counts = perEngine.get(engine);
        countTests(session.testResults, counts);
        // A file that failed to load, or failed outside any test, counts as a failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed += 1;
      }
      for (const counts of perEngine.values()) {
        for (const key of Object.keys(total)) total[key] += counts[key];
      }
      process.once('exit', () => {
        for (const [engine, counts] of perEngine) console.log(`wtr ${engine}: ${line(counts)}`);
        console.log(`wtr: ${line(total)}`);
      });
    },
  };
}

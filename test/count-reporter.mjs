// Prints `wtr: N passed, N failed, N skipped` as the very last line, the form CI logs are read for.

function countTests(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite?.suites ?? []) countTests(child, counts);
}

export function countReporter() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  return {
    onTestRunFinished({ sessions }) {
      for (const session of sessions) {
        countTests(session.testResults, counts);
        // A file that failed to load, or failed outside any test, counts as a failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed += 1;
      }
      process.once('exit', () => {
        console.log(`wtr: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
      });
    },
  };
}

// Prints `e2e: N passed, N failed, N skipped` as the very last line, the form CI logs are read for, after the
// list reporter's own summary. An error outside any test (the global setup, a file that fails to load) counts as
// a failure.
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  #passed = 0;
  #failed = 0;
  #skipped = 0;

  onTestEnd(test: TestCase, result: TestResult): void {
    // Counted once, by the final outcome of its last attempt.
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    const outcome = test.outcome();
    if (outcome === 'skipped') this.#skipped += 1;
    else if (outcome === 'expected' || outcome === 'flaky') this.#passed += 1;
    else this.#failed += 1;
  }

  onError(): void {
    this.#failed += 1;
  }

  onEnd(result: FullResult): void {
    // A run stopped early (interrupted, timed out) with nothing counted failed still failed.
    if (result.status !== 'passed' && this.#failed === 0) this.#failed += 1;
    console.log(`e2e: ${this.#passed} passed, ${this.#failed} failed, ${this.#skipped} skipped`);
  }

  printsToStdio(): boolean {
    return true;
  }
}

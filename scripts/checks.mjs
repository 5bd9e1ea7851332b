// @ts-check
// How the project's own check scripts (check-dist, check-pack, check-start, soak) count: one line per check as it
// is decided, then `NAME: N passed, N failed` last, the line CI (.ci/run) adds up; the exit code is 1 on a failure.

/**
 * A counter of checks for the summary line `name: N passed, N failed`.
 * @param {string} name the summary line's name, the one `.ci/run` greps for
 */
export function createChecks(name) {
  let passed = 0;
  let failed = 0;

  /** @param {string} title @param {string} detail @param {number} [ms] */
  const fail = (title, detail, ms) => {
    failed += 1;
    const indented = detail ? `\n       ${detail.split('\n').join('\n       ')}` : '';
    console.log(`  FAIL ${title}${ms === undefined ? '' : ` (${ms} ms)`}${indented}`);
  };

  return {
    /**
     * Records a verdict already reached; `detail` is printed only when it failed.
     * @param {string} title @param {boolean} ok @param {string} [detail]
     */
    check(title, ok, detail = '') {
      if (!ok) return fail(title, detail);
      passed += 1;
      console.log(`  ok   ${title}`);
    },

    /**
     * Runs `run` as one check: it passes unless `run` throws (see `assert`). Resolves to whether it passed.
     * @param {string} title @param {() => unknown} run
     * @returns {Promise<boolean>}
     */
    async run(title, run) {
      const started = Date.now();
      try {
        await run();
      } catch (error) {
        fail(title, error instanceof Error ? error.message : String(error), Date.now() - started);
        return false;
      }
      passed += 1;
      console.log(`  ok   ${title} (${Date.now() - started} ms)`);
      return true;
    },

    /** Prints the summary line and ends the process, with exit code 1 when a check failed or `failedOutside`. */
    finish(failedOutside = false) {
      console.log(`${name}: ${passed} passed, ${failed} failed`);
      process.exit(failed > 0 || failedOutside ? 1 : 0);
    },
  };
}

/**
 * Fails the check that runs it with `message` unless `condition` holds.
 * @param {unknown} condition @param {string} message
 * @returns {asserts condition}
 */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

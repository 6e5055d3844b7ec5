/**
 * The closing line of `npm test`: what really ran, summed over every step and every runner.
 *
 *   - a test counts once: passed, failed or skipped, as its runner reported it;
 *   - a test file that failed without a failed test (it did not load, a hook threw) is a failure;
 *   - a runner's report that is missing or unreadable is a failure: its tests did not run;
 *   - a failed step whose reports show no failure (lint, build, a crash after the tests) is a
 *     failure too, so the line never says "0 failed" when the exit code says otherwise.
 */

/**
 * @typedef {{ passed: number, failed: number, skipped: number }} Counts
 * @typedef {{ name: string, ok: boolean, reports?: Array<{ file: string, report: unknown }> }} StepResult
 * `report` is the parsed JSON, or undefined when the file was missing or unreadable.
 */

/** @param {any} report @returns {Counts} */
function countVitest(report) {
  /** @type {any[]} */
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  const brokenFiles = files.filter(
    (file) =>
      file.status === "failed" &&
      !(file.assertionResults ?? []).some((/** @type {any} */ t) => t.status === "failed"),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/** @param {any} report @returns {Counts} */
function countPlaywright(report) {
  const { expected = 0, flaky = 0, unexpected = 0, skipped = 0 } = report.stats;
  // Errors outside any test (a web server that did not start, a config that threw).
  const outside = Array.isArray(report.errors) ? report.errors.length : 0;
  return { passed: expected + flaky, failed: unexpected + outside, skipped };
}

/**
 * Counts one runner's JSON report (Vitest's or Playwright's).
 * @param {unknown} report @returns {Counts | undefined} undefined when it is neither
 */
export function countReport(report) {
  if (!report || typeof report !== "object") return undefined;
  if ("stats" in report && report.stats && typeof report.stats === "object")
    return countPlaywright(report);
  if ("numPassedTests" in report) return countVitest(report);
  return undefined;
}

/**
 * @param {StepResult[]} steps
 * @returns {Counts & { problems: string[] }} `problems` says what counted as a failure besides failed tests
 */
export function summarize(steps) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  /** @type {string[]} */
  const problems = [];
  for (const step of steps) {
    let stepFailures = 0;
    for (const { file, report } of step.reports ?? []) {
      const counts = countReport(report);
      if (!counts) {
        problems.push(`${step.name}: no test report ${file} (its tests did not run)`);
        stepFailures += 1;
        continue;
      }
      total.passed += counts.passed;
      total.skipped += counts.skipped;
      stepFailures += counts.failed;
    }
    if (!step.ok && stepFailures === 0) {
      problems.push(`${step.name}: failed`);
      stepFailures = 1;
    }
    total.failed += stepFailures;
  }
  return { ...total, problems };
}

/** "N passed, N failed", with ", N skipped" when any test was skipped. @param {Counts} counts */
export function closingLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}

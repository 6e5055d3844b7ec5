import { describe, expect, it } from "vitest";
import { closingLine, countReport, summarize } from "./test-summary.mjs";

/** A Vitest JSON report (the jest-compatible shape it writes), reduced to what is summed. */
function vitestReport({ passed = 0, failed = 0, skipped = 0, todo = 0, brokenFiles = 0 }) {
  const test = (status) => ({ status, title: `a ${status} test` });
  const testResults = [
    {
      status: failed > 0 ? "failed" : "passed",
      assertionResults: [
        ...Array.from({ length: passed }, () => test("passed")),
        ...Array.from({ length: failed }, () => test("failed")),
        ...Array.from({ length: skipped }, () => test("skipped")),
      ],
    },
    // A file that failed to load: no test in it ran.
    ...Array.from({ length: brokenFiles }, () => ({
      status: "failed",
      message: "Error: Cannot find module",
      assertionResults: [],
    })),
  ];
  return {
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: skipped,
    numTodoTests: todo,
    numFailedTestSuites: failed > 0 || brokenFiles > 0 ? 1 + brokenFiles : 0,
    testResults,
  };
}

/** Playwright's JSON reporter output, reduced to what is summed. */
function playwrightReport({ expected = 0, unexpected = 0, flaky = 0, skipped = 0, errors = [] }) {
  return { stats: { expected, unexpected, flaky, skipped, duration: 1 }, errors, suites: [] };
}

describe("countReport", () => {
  it("when Vitest reports passed, failed, skipped and todo tests, then each is counted once", () => {
    expect(countReport(vitestReport({ passed: 7, failed: 2, skipped: 1, todo: 1 }))).toEqual({
      passed: 7,
      failed: 2,
      skipped: 2,
    });
  });

  it("when a test file failed to load while another file has failed tests, then the broken file counts too", () => {
    expect(countReport(vitestReport({ passed: 3, failed: 2, brokenFiles: 1 }))).toEqual({
      passed: 3,
      failed: 3,
      skipped: 0,
    });
  });

  it("when Playwright reports flaky tests and errors outside any test, then flaky pass and errors fail", () => {
    const report = playwrightReport({
      expected: 10,
      flaky: 1,
      unexpected: 1,
      skipped: 2,
      errors: [{ message: "webServer exited early" }],
    });
    expect(countReport(report)).toEqual({ passed: 11, failed: 2, skipped: 2 });
  });

  it("when the file holds something else, then it is not a report", () => {
    expect(countReport(undefined)).toBeUndefined();
    expect(countReport({ hello: "world" })).toBeUndefined();
  });
});

describe("summarize", () => {
  it("when every step passed, then the tests of every report are summed", () => {
    const summary = summarize([
      { name: "lint", ok: true },
      {
        name: "unit",
        ok: true,
        reports: [
          { file: "vitest-api.json", report: vitestReport({ passed: 5 }) },
          { file: "vitest-web.json", report: vitestReport({ passed: 4, skipped: 1 }) },
        ],
      },
      {
        name: "e2e",
        ok: true,
        reports: [{ file: "e2e.json", report: playwrightReport({ expected: 3 }) }],
      },
    ]);
    expect(summary).toEqual({ passed: 12, failed: 0, skipped: 1, problems: [] });
  });

  it("when a step without tests failed, then it counts as one failure", () => {
    const summary = summarize([
      { name: "lint and typecheck", ok: false },
      {
        name: "unit",
        ok: true,
        reports: [{ file: "a.json", report: vitestReport({ passed: 5 }) }],
      },
    ]);
    expect(summary).toMatchObject({ passed: 5, failed: 1 });
    expect(summary.problems).toEqual(["lint and typecheck: failed"]);
  });

  it("when a runner wrote no report, then that counts as a failure instead of vanishing", () => {
    const summary = summarize([
      { name: "browser tests", ok: false, reports: [{ file: "e2e.json", report: undefined }] },
    ]);
    expect(summary).toMatchObject({ passed: 0, failed: 1 });
    expect(summary.problems).toEqual([
      "browser tests: no test report e2e.json (its tests did not run)",
    ]);
  });

  it("when a step failed and its report has failed tests, then those tests are the failures", () => {
    const summary = summarize([
      {
        name: "unit",
        ok: false,
        reports: [{ file: "a.json", report: vitestReport({ passed: 1, failed: 2 }) }],
      },
    ]);
    expect(summary).toMatchObject({ passed: 1, failed: 2, problems: [] });
  });

  it("when a step failed although its report shows no failed test, then the step still counts", () => {
    const summary = summarize([
      {
        name: "unit",
        ok: false,
        reports: [{ file: "a.json", report: vitestReport({ passed: 4 }) }],
      },
    ]);
    expect(summary).toMatchObject({ passed: 4, failed: 1, problems: ["unit: failed"] });
  });
});

describe("closingLine", () => {
  it("when nothing was skipped, then it reads N passed, N failed", () => {
    expect(closingLine({ passed: 12, failed: 0, skipped: 0 })).toBe("12 passed, 0 failed");
  });

  it("when tests were skipped, then it says how many", () => {
    expect(closingLine({ passed: 12, failed: 1, skipped: 3 })).toBe(
      "12 passed, 1 failed, 3 skipped",
    );
  });
});

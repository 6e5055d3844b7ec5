#!/usr/bin/env node
// `npm test`: every check a change must pass, in one command, on a fresh machine.
//   1. lint and typecheck every workspace
//   2. unit and integration tests (Vitest) in every workspace, against real stores
//   3. the SPA's size budget
//   4. the browser tests (Playwright), installing a browser first if there is none
// Every step runs even when an earlier one failed, so one run shows everything; the last
// line sums the tests of every runner: "N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = path.join(root, ".test-results");
fs.rmSync(resultsDir, { recursive: true, force: true });
fs.mkdirSync(resultsDir, { recursive: true });

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TEST_RESULTS_DIR: resultsDir };
const failedSteps = [];

function step(name, command, args) {
  console.log(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) failedSteps.push(name);
  console.log(`${result.status === 0 ? "✔" : "✘"} ${name} (${seconds}s)`);
}

step("lint and typecheck", "npx", [
  "turbo",
  "run",
  "lint",
  "typecheck",
  "--output-logs=errors-only",
]);
step("lint and typecheck the browser tests and scripts", "sh", [
  "-c",
  "npx tsc -p e2e/tsconfig.json --noEmit && npx eslint e2e scripts playwright.config.ts vitest.shared.ts",
]);
step("format", "npx", ["prettier", "--check", ".", "--log-level=warn"]);
step("unit and integration tests", "npx", ["turbo", "run", "test", "--concurrency=1"]);
step("build", "npx", ["turbo", "run", "build", "--output-logs=errors-only"]);
step("SPA size budget", "node", ["scripts/check-bundle-size.mjs"]);
step("browser tests", "npm", ["run", "test:e2e"]);

let passed = 0;
let failed = 0;
for (const file of fs.readdirSync(resultsDir).filter((f) => f.endsWith(".json"))) {
  const report = JSON.parse(fs.readFileSync(path.join(resultsDir, file), "utf8"));
  if (report.stats) {
    // Playwright's JSON reporter
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
  } else {
    // Vitest's JSON reporter
    passed += report.numPassedTests;
    // A file that fails to load has no failed test but a failed suite: count it too.
    failed +=
      report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
  }
}
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
const summary = `${passed} passed, ${failed} failed`;
fs.writeFileSync(path.join(resultsDir, "summary.txt"), `${summary}\n`);
console.log(`\n${summary}`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);

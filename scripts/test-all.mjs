#!/usr/bin/env node
// `npm test`: every check a change must pass, in one command, on a fresh machine.
//   1. lint, typecheck and format every workspace and the scripts
//   2. the scripts' own tests, then unit and integration tests (Vitest) in every workspace,
//      against real PostgreSQL and Redis servers: the ones given in TEST_DATABASE_URL /
//      TEST_REDIS_URL, else the ones on their default ports, else servers started for the run
//      and stopped after it (scripts/test-services)
//   3. the build and the SPA's size budget
//   4. the browser tests (Playwright), installing a browser first if there is none
// Every step runs even when an earlier one failed, so one run shows everything. The last line
// sums what really ran (scripts/test-summary.mjs): "N passed, N failed[, N skipped]".
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stopProcessTree } from "./stop-process-tree.mjs";
import { startTestServices } from "./test-services/index.mjs";
import { closingLine, summarize } from "./test-summary.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = path.join(root, ".test-results");
fs.rmSync(resultsDir, { recursive: true, force: true });
fs.mkdirSync(resultsDir, { recursive: true });

/** @type {NodeJS.ProcessEnv} */
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TEST_RESULTS_DIR: resultsDir };
/** @type {import("./test-summary.mjs").StepResult[]} */
const results = [];
/** @type {import("node:child_process").ChildProcess | undefined} */
let running;
/** @type {Awaited<ReturnType<typeof startTestServices>> | undefined} */
let services;
let interrupted = false;

// Interrupted: stop the step in progress (all of it: npx does not pass a signal on to turbo),
// then the servers started for the run, then leave.
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, async () => {
    interrupted = true;
    const step = running;
    if (step?.pid && step.exitCode === null) {
      const exited = new Promise((resolve) => step.once("exit", resolve));
      stopProcessTree(step.pid, signal);
      const force = setTimeout(() => step.pid && stopProcessTree(step.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(force);
    }
    await services?.stop();
    process.exit(130);
  });
}

/** The JSON report each Vitest workspace writes (vitest.shared.ts names it after the folder). */
function vitestReports() {
  const { workspaces } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  /** @type {string[]} */
  const names = [];
  for (const pattern of workspaces) {
    const dirs = pattern.endsWith("/*")
      ? fs
          .readdirSync(path.join(root, pattern.slice(0, -2)))
          .map((name) => path.join(pattern.slice(0, -2), name))
      : [pattern];
    for (const dir of dirs) {
      const manifest = path.join(root, dir, "package.json");
      if (!fs.existsSync(manifest)) continue;
      const test = JSON.parse(fs.readFileSync(manifest, "utf8")).scripts?.test ?? "";
      if (test.startsWith("vitest")) names.push(`vitest-${path.basename(dir)}.json`);
    }
  }
  return names;
}

/** @param {string} file */
function readReport(file) {
  try {
    return JSON.parse(fs.readFileSync(path.join(resultsDir, file), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * @param {string} name @param {string} command @param {string[]} args
 * @param {string[]} [reports] the JSON reports the step's test runners must write
 */
async function step(name, command, args, reports = []) {
  // Once interrupted, the signal handler is stopping the run: start nothing more.
  if (interrupted) return new Promise(() => {});
  console.log(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const status = await new Promise((resolve) => {
    running = spawn(command, args, { cwd: root, stdio: "inherit", env });
    running.once("error", (error) => {
      console.error(error.message);
      resolve(1);
    });
    running.once("exit", (code) => resolve(code));
  });
  running = undefined;
  const ok = status === 0;
  results.push({ name, ok, reports: reports.map((file) => ({ file, report: readReport(file) })) });
  console.log(`${ok ? "✔" : "✘"} ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

await step("lint and typecheck", "npx", [
  "turbo",
  "run",
  "lint",
  "typecheck",
  "--output-logs=errors-only",
]);
await step("lint and typecheck the browser tests and scripts", "sh", [
  "-c",
  "npx tsc -p e2e/tsconfig.json --noEmit && npx eslint e2e scripts playwright.config.ts vitest.shared.ts",
]);
await step("format", "npx", ["prettier", "--check", ".", "--log-level=warn"]);
await step(
  "the test command's own tests",
  "npx",
  ["vitest", "run", "--config", "scripts/vitest.config.mjs"],
  ["vitest-scripts.json"],
);

console.log("\n▶ test servers");
try {
  services = await startTestServices();
  Object.assign(env, services.env);
  results.push({ name: "test servers", ok: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  results.push({ name: "test servers", ok: false });
}
// --continue: a failing workspace must not keep the others' tests from running.
await step(
  "unit and integration tests",
  "npx",
  ["turbo", "run", "test", "--concurrency=1", "--continue"],
  vitestReports(),
);
await services?.stop();
services = undefined;

await step("build", "npx", ["turbo", "run", "build", "--output-logs=errors-only"]);
await step("SPA size budget", "node", ["scripts/check-bundle-size.mjs"]);
await step("browser tests", "npm", ["run", "test:e2e"], ["e2e-results.json"]);

const summary = summarize(results);
const failedSteps = results.filter((r) => !r.ok).map((r) => r.name);
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
for (const problem of summary.problems) console.log(`  counted as a failure: ${problem}`);
const line = closingLine(summary);
fs.writeFileSync(path.join(resultsDir, "summary.txt"), `${line}\n`);
console.log(`\n${line}`);
process.exit(failedSteps.length > 0 || summary.failed > 0 ? 1 : 0);

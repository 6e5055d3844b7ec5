/**
 * `npm run bench`: measures the figures DESIGN.md asks for, each case side by side with its
 * baseline in one run, and prints one line per figure. Results go to bench/results/latest.json.
 *
 *   npm run bench                                   everything (under ten minutes)
 *   BENCH_QUICK=1 npm run bench                     a one-to-two-minute smoke run
 *   npm run bench -w @jwt-auth/bench -- --only=login,memory --profile --threadpool=1,2,4
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { adminSearch } from "./cases/admin-search.js";
import { loginCase } from "./cases/login.js";
import { loginTiming } from "./cases/login-timing.js";
import { mail } from "./cases/mail.js";
import { memory } from "./cases/memory.js";
import { metricsCost } from "./cases/metrics-cost.js";
import { mfaLogin } from "./cases/mfa-login.js";
import { protectedRoute } from "./cases/protected-route.js";
import { revocation } from "./cases/revocation.js";
import { revokePropagation } from "./cases/revoke-propagation.js";
import { scale } from "./cases/scale.js";
import { spa } from "./cases/spa.js";
import { cleanupAll } from "./cleanup.js";
import { ensureBuilt } from "./ensure-built.js";
import { summaryLine, type CaseResult, type Figure } from "./figure.js";
import { parseOptions, type BenchOptions, type CaseName } from "./options.js";
import { RESULTS_DIR } from "./paths.js";

const RUNNERS: Record<CaseName, (options: BenchOptions) => Promise<CaseResult>> = {
  "protected-route": protectedRoute,
  login: loginCase,
  "mfa-login": mfaLogin,
  "login-timing": loginTiming,
  revocation,
  scale,
  spa,
  memory,
  mail,
  revoke: revokePropagation,
  "metrics-cost": metricsCost,
  "admin-search": adminSearch,
};

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  ensureBuilt();
  const startedAt = new Date();
  console.log(
    `bench: ${options.quick ? "quick" : "full"} run of ${options.cases.join(", ")} on ${os.availableParallelism()} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  let failed = false;
  for (const name of options.cases) {
    const runner = RUNNERS[name];
    const began = performance.now();
    console.log(`\n▶ ${name}`);
    try {
      const result = await runner(options);
      figures.push(...result.figures);
      details[name] = result.details;
      for (const figure of result.figures) console.log(`  ${summaryLine(figure)}`);
    } catch (err) {
      failed = true;
      const message = err instanceof Error ? err.message : String(err);
      console.error(`  ${name} failed: ${message}`);
      figures.push({ name, value: "failed", goal: "-", ok: false, note: message });
      details[name] = { error: message };
      await cleanupAll();
    }
    console.log(`  (${((performance.now() - began) / 1000).toFixed(0)} s)`);
  }

  const finishedAt = new Date();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, "latest.json");
  const record = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    quick: options.quick,
    machine: {
      node: process.version,
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model,
      loadAverageAtEnd: os.loadavg(),
      uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? null,
    },
    figures,
    details,
  };
  fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);

  const minutes = (finishedAt.getTime() - startedAt.getTime()) / 60_000;
  console.log(
    `\nSummary (${options.quick ? "quick run, " : ""}${minutes.toFixed(1)} min, ${path.relative(process.cwd(), file)}):`,
  );
  for (const figure of figures) console.log(summaryLine(figure));
  return failed ? 1 : 0;
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    await cleanupAll();
    process.exit(1);
  });

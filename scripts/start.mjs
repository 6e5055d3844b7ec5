#!/usr/bin/env node
// `npm start`: build what is missing or older than its sources, then run the production
// server in this very process. SQLite by default.
//
// Signals: npm forwards SIGTERM and SIGINT to the one process it started. Without `exec`
// that process is the `sh -c` running this script, which dies of the signal and leaves the
// server running as an orphan; the `start` script is `exec node scripts/start.mjs`, so the
// shell becomes this process, the server gets the signal, and npm exits with its code.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const targets = [
  { sources: ["packages/shared/src"], output: "packages/shared/dist/index.js" },
  { sources: ["apps/api/src", "packages/shared/src"], output: "apps/api/dist/server.js" },
  {
    sources: ["apps/web/src", "apps/web/index.html", "packages/shared/src"],
    output: "apps/web/dist/index.html",
  },
];

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(full))
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function isStale({ sources, output }) {
  const out = path.join(root, output);
  if (!fs.existsSync(out)) return true;
  const built = fs.statSync(out).mtimeMs;
  return sources.some((s) => newestMtime(s) > built);
}

if (targets.some(isStale)) {
  console.error("Building (first start, or sources changed)…");
  const result = spawnSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // turbo may restore outputs from its cache with old timestamps: mark them fresh.
  const now = new Date();
  for (const { output } of targets) {
    const out = path.join(root, output);
    if (fs.existsSync(out)) fs.utimesSync(out, now, now);
  }
}

// The API treats an unset NODE_ENV as production (secure by default, for a bare
// `node dist/server.js`). `npm start` is the README's first command on a developer's
// machine, so here unset means development: plain http://localhost, generated keys.
// Set only after the build, which would otherwise bundle React's development build.
if (!process.env.NODE_ENV) {
  process.env.NODE_ENV = "development";
  console.error(
    "NODE_ENV is not set: starting in development mode (NODE_ENV=production to deploy).",
  );
}

await import(pathToFileURL(path.join(root, "apps/api/dist/server.js")).href);

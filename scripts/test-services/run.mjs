#!/usr/bin/env node
// Runs a command with the test servers it needs (see index.mjs), then stops those it started,
// also when the command fails or the run is interrupted. Exits with the command's status.
//   node scripts/test-services/run.mjs npx vitest run test/postgres
import { spawn } from "node:child_process";
import { startTestServices } from "./index.mjs";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/test-services/run.mjs <command> [args...]");
  process.exit(2);
}

const services = await startTestServices();
const child = spawn(command, args, {
  stdio: "inherit",
  env: { ...process.env, ...services.env },
  shell: process.platform === "win32",
});
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"]))
  process.on(signal, () => child.kill(signal));
const status = await new Promise((resolve) => {
  child.once("error", (error) => {
    console.error(error.message);
    resolve(1);
  });
  child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});
await services.stop();
process.exit(status);

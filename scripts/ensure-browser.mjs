#!/usr/bin/env node
// Makes sure the end-to-end tests have a Chromium to drive, and prints which one.
// In order: PLAYWRIGHT_CHROMIUM_PATH; the system package (/usr/bin/chromium); as root on
// Debian or Ubuntu, that package installed with apt-get (machines that cannot download
// Playwright's browser builds can still reach the distribution's mirrors); otherwise
// Playwright's own Chromium, the usual choice on a developer's laptop. Writes nothing
// into the repository.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { findSystemChromium } from "./find-chromium.mjs";

/** @param {string} executable @param {string} origin */
function report(executable, origin) {
  console.log(`Chromium for the end-to-end tests: ${executable} (${origin})`);
}

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`ensure-browser: ${message}`);
  process.exit(1);
}

/**
 * Runs a command quietly; its output is shown only when it fails.
 * @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [env]
 */
function runQuietly(command, args, env = process.env) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    fail(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
}

function canUseApt() {
  return (
    process.platform === "linux" && process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get")
  );
}

let found;
try {
  found = findSystemChromium();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (found) {
  report(
    found,
    process.env.PLAYWRIGHT_CHROMIUM_PATH ? "PLAYWRIGHT_CHROMIUM_PATH" : "system package",
  );
  process.exit(0);
}

if (canUseApt()) {
  console.error(
    "ensure-browser: no system Chromium; installing Debian's chromium package with apt-get…",
  );
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  runQuietly("apt-get", ["update", "-qq"], env);
  runQuietly("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], env);
  const installed = findSystemChromium();
  if (!installed) fail("apt-get installed chromium, but /usr/bin/chromium is still missing");
  report(installed, "system package, just installed");
  process.exit(0);
}

// A no-op when Playwright's Chromium is already in its cache.
console.error("ensure-browser: no system Chromium; making sure Playwright's own is installed…");
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
runQuietly(npx, ["playwright", "install", "chromium"]);
const { chromium } = await import("@playwright/test");
report(chromium.executablePath(), "Playwright's browser");

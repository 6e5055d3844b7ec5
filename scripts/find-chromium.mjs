// Which Chromium the end-to-end tests drive. Shared by scripts/ensure-browser.mjs (which may
// install one) and playwright.config.ts (which only looks), so both always agree.
import fs from "node:fs";

/** Debian's and Ubuntu's package puts its launcher here. */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * Flags for a distribution's Chromium: no sandbox (containers and CI often run as root,
 * where Chromium's sandbox refuses to start), no GPU, and none of the background traffic
 * (updates, sync, field trials, QUIC probes) that a test run must not make.
 */
export const SYSTEM_CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** @param {string} file */
function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium to launch instead of Playwright's own: `PLAYWRIGHT_CHROMIUM_PATH` when set,
 * else the system package when it is installed, else undefined (use Playwright's browser).
 * A `PLAYWRIGHT_CHROMIUM_PATH` that points at nothing is an error, not a silent fallback.
 *
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | undefined}
 */
export function findSystemChromium(env = process.env) {
  const chosen = env.PLAYWRIGHT_CHROMIUM_PATH;
  if (chosen) {
    if (!isExecutable(chosen)) {
      throw new Error(
        `PLAYWRIGHT_CHROMIUM_PATH is set to ${chosen}, which is not an executable file`,
      );
    }
    return chosen;
  }
  return isExecutable(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;
}

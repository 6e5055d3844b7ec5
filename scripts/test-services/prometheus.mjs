/**
 * Prometheus and promtool for the tests that check the alert rules and scrape a running API
 * (apps/api/test/operations). From PATH; as root on Debian or Ubuntu, the distribution's
 * `prometheus` package (which ships both) is installed first when they are missing, its
 * system service left stopped. Elsewhere the reason they are missing is passed on, and
 * only those tests are skipped, saying why.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const answers = (/** @type {string} */ command) =>
  spawnSync(command, ["--version"], { encoding: "utf8" }).status === 0;

/** @param {(line: string) => void} log @returns {string | undefined} why it cannot be installed */
function install(log) {
  const canUseApt =
    process.platform === "linux" && process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get");
  if (!canUseApt)
    return "prometheus and promtool are not on PATH and cannot be installed here (Debian: apt-get install prometheus)";
  log("no prometheus or promtool on PATH; installing Debian's prometheus package with apt-get…");
  // RUNLEVEL=1 keeps the package's init script from starting a system-wide server.
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive", RUNLEVEL: "1" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", "prometheus"],
  ]) {
    const result = spawnSync("apt-get", args, { env, encoding: "utf8" });
    if (result.status !== 0)
      return `apt-get ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`;
  }
  return undefined;
}

/**
 * The variables the tests read: TEST_PROMETHEUS_BIN and TEST_PROMTOOL_BIN, or
 * TEST_PROMETHEUS_MISSING with the reason.
 * @param {{ log: (line: string) => void }} context @returns {Record<string, string>}
 */
export function ensurePrometheus({ log }) {
  const present = () => answers("prometheus") && answers("promtool");
  const reason = present() ? undefined : install(log);
  if (reason === undefined && present())
    return { TEST_PROMETHEUS_BIN: "prometheus", TEST_PROMTOOL_BIN: "promtool" };
  const why = reason ?? "the prometheus package was installed but its commands do not run";
  log(why);
  return { TEST_PROMETHEUS_MISSING: why };
}

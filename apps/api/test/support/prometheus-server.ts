import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitUntil } from "@jwt-auth/test-support";

/** docs/operations: the scrape configuration and the alert rules an operator deploys. */
export const OPERATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../docs/operations",
);
export const ALERT_RULES = path.join(OPERATIONS_DIR, "alert-rules.yml");

/**
 * The Prometheus commands (scripts/test-services/prometheus.mjs installs them and says so in
 * TEST_PROMETHEUS_BIN and TEST_PROMTOOL_BIN), or why there are none. Run without that
 * runner, they are looked for on PATH.
 */
export function prometheusCommands():
  { prometheus: string; promtool: string; missing?: undefined } | { missing: string } {
  if (process.env.TEST_PROMETHEUS_MISSING) return { missing: process.env.TEST_PROMETHEUS_MISSING };
  const prometheus = process.env.TEST_PROMETHEUS_BIN ?? "prometheus";
  const promtool = process.env.TEST_PROMTOOL_BIN ?? "promtool";
  for (const command of [prometheus, promtool])
    if (spawnSync(command, ["--version"]).status !== 0)
      throw new Error(
        `${command} does not run: run the tests through scripts/test-services/run.mjs (it installs Debian's prometheus package), or install it`,
      );
  return { prometheus, promtool };
}

export interface PrometheusServer {
  url: string;
  /** An instant query's result vector. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  queryRange(
    expr: string,
    start: number,
    end: number,
    stepSeconds: number,
  ): Promise<Array<{ metric: Record<string, string>; values: Array<[number, string]> }>>;
  /** The rules as loaded, with their state. */
  rules(): Promise<Array<{ name: string; query: string; state?: string; type: string }>>;
  alerts(): Promise<Array<{ labels: Record<string, string>; state: string }>>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on a free loopback port with a temporary data folder, scraping `target`
 * (host:port of a management listener) and evaluating the repository's alert rules every
 * `intervalSeconds`. `stop` ends it and removes the folder.
 */
export async function startPrometheus(options: {
  command: string;
  target: string;
  intervalSeconds?: number;
}): Promise<PrometheusServer> {
  const interval = `${options.intervalSeconds ?? 1}s`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-prometheus-"));
  const config = path.join(dir, "prometheus.yml");
  fs.writeFileSync(
    config,
    [
      "global:",
      `  scrape_interval: ${interval}`,
      `  evaluation_interval: ${interval}`,
      "rule_files:",
      `  - ${JSON.stringify(ALERT_RULES)}`,
      "scrape_configs:",
      "  - job_name: jwt-auth-api",
      "    static_configs:",
      `      - targets: [${JSON.stringify(options.target)}]`,
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const child = spawn(
    options.command,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killNow = () => child.kill("SIGKILL");
  process.once("exit", killNow);
  const stop = async () => {
    process.off("exit", killNow);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const force = setTimeout(killNow, 10_000);
      await exited;
      clearTimeout(force);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const res = await fetch(`${url}${pathAndQuery}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`Prometheus ${pathAndQuery}: ${body.error}`);
    return body.data;
  };
  try {
    await waitUntil(
      () =>
        fetch(`${url}/-/ready`).then(
          (res) => res.ok,
          () => false,
        ),
      {
        what: "Prometheus ready",
        timeoutMs: 30_000,
        everyMs: 100,
        gone: () => (child.exitCode !== null ? `it exited:\n${output}` : undefined),
      },
    );
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    url,
    query: async (expr) =>
      (await api<{ result: never }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    queryRange: async (expr, start, end, step) =>
      (
        await api<{ result: never }>(
          `/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${start}&end=${end}&step=${step}`,
        )
      ).result,
    rules: async () =>
      (await api<{ groups: Array<{ rules: never[] }> }>("/api/v1/rules")).groups.flatMap(
        (group) => group.rules,
      ),
    alerts: async () => (await api<{ alerts: never }>("/api/v1/alerts")).alerts,
    output: () => output,
    stop,
  };
}

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnApi, stopAll, type ApiProcess } from "../multi-instance/spawn-api.js";
import { waitFor } from "../postgres/wait-for.js";
import {
  ALERT_RULES,
  OPERATIONS_DIR,
  prometheusCommands,
  startPrometheus,
  type PrometheusServer,
} from "../support/prometheus-server.js";
import { managementUrlOf } from "./scrape.js";

const commands = prometheusCommands();
if (commands.missing) console.warn(`Prometheus tests skipped: ${commands.missing}`);

// The files of docs/operations are what an operator deploys: promtool checks them, and a
// real Prometheus scraping a real API sees the login-failure alert's expression turn true
// during a credential-stuffing burst.
describe.skipIf(commands.missing !== undefined)("the Prometheus files of docs/operations", () => {
  const { prometheus, promtool } = commands as { prometheus: string; promtool: string };

  it("when promtool checks the alert rules and the scrape configuration, then both are valid", () => {
    const rules = spawnSync(promtool, ["check", "rules", ALERT_RULES], { encoding: "utf8" });
    expect(rules.status, rules.stdout + rules.stderr).toBe(0);
    expect(rules.stdout).toMatch(/SUCCESS: \d+ rules found/);
    const config = spawnSync(
      promtool,
      ["check", "config", "--syntax-only", path.join(OPERATIONS_DIR, "prometheus.yml")],
      { encoding: "utf8" },
    );
    expect(config.status, config.stdout + config.stderr).toBe(0);
  });

  describe("a credential-stuffing burst, scraped", () => {
    let dir: string;
    let api: ApiProcess;
    let server: PrometheusServer;
    let managementUrl: string;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-prom-"));
      api = await spawnApi({
        DATABASE_URL: `sqlite:${path.join(dir, "app.db")}`,
        DATA_DIR: dir,
        WEB_DIST_DIR: path.join(dir, "no-web"),
        RATE_LIMIT: "off",
        MANAGEMENT_PORT: "0",
        // Nothing listens there: the outbox gauges exist, and deliveries fail.
        SMTP_URL: "smtp://127.0.0.1:9",
      });
      managementUrl = await managementUrlOf(api);
      const management = new URL(managementUrl);
      server = await startPrometheus({ command: prometheus, target: management.host });
    });

    afterAll(async () => {
      await server?.stop();
      await stopAll();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("when 60 wrong passwords arrive, then the login-failure alert's expression turns true and the alert is pending", async () => {
      const up = 'up{job="jwt-auth-api"}';
      await waitFor(async () => (await server.query(`${up} == 1`)).length === 1, {
        timeoutMs: 15_000,
        what: "the first scrape",
      });
      const rule = (await server.rules()).find((r) => r.name === "AuthLoginFailureRatioHigh");
      expect(rule?.type).toBe("alerting");
      expect(await server.query(rule!.query)).toEqual([]);

      const post = (body: object) =>
        fetch(`${api.url}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      await fetch(`${api.url}/api/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          email: "victim@example.com",
          password: "correct horse battery",
          name: "Victim",
        }),
      });
      expect(
        (await post({ email: "victim@example.com", password: "correct horse battery" })).status,
      ).toBe(200);
      // Four clients at a time, 60 guesses in all: bounded, on loopback.
      const statuses: number[] = [];
      for (let i = 0; i < 60; i += 4)
        statuses.push(
          ...(await Promise.all(
            [0, 1, 2, 3].map(async (n) => {
              const res = await post({
                email: `guess-${i + n}@example.com`,
                password: "hunter2!!",
              });
              return res.status;
            }),
          )),
        );
      expect(statuses.filter((s) => s === 401)).toHaveLength(60);

      await waitFor(async () => (await server.query(rule!.query)).length > 0, {
        timeoutMs: 20_000,
        intervalMs: 250,
        what: "the alert's expression to turn true",
      });
      await waitFor(
        async () =>
          (await server.alerts()).some(
            (alert) =>
              alert.labels.alertname === "AuthLoginFailureRatioHigh" && alert.state === "pending",
          ),
        { timeoutMs: 10_000, intervalMs: 250, what: "the alert to be pending" },
      );
      // Every guess reaches Prometheus, counted once: from the counter the login path feeds.
      const failures = 'sum(auth_logins_total{method="password",result="failure"})';
      await waitFor(async () => Number((await server.query(failures))[0]?.value[1]) === 60, {
        timeoutMs: 10_000,
        intervalMs: 250,
        what: "60 failures in Prometheus",
      });
    }, 60_000);

    it("when the dashboard's and the rules' queries run, then each is valid PromQL over metrics the API exports", async () => {
      const exposition = await (await fetch(`${managementUrl}/metrics`)).text();
      const exported = new Set(
        [...exposition.matchAll(/^# TYPE (\w+) (\w+)$/gm)].flatMap(([, name, type]) =>
          type === "histogram" ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
        ),
      );
      exported.add("up");
      const dashboard = JSON.parse(
        fs.readFileSync(path.join(OPERATIONS_DIR, "grafana-dashboard.json"), "utf8"),
      ) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
      const queries = [
        ...dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr),
        ...(await server.rules()).map((rule) => rule.query),
      ];
      expect(queries.length).toBeGreaterThan(20);
      for (const query of queries) {
        const names = metricNames(query);
        expect(names.length, query).toBeGreaterThan(0);
        for (const name of names) expect(exported, `${name} in ${query}`).toContain(name);
        const concrete = query
          .replaceAll("$__rate_interval", "1m")
          .replaceAll("$job", ".*")
          .replaceAll("$instance", ".*");
        await expect(server.query(concrete), query).resolves.toBeInstanceOf(Array);
      }
    });

    it("when promtool lints the API's exposition after the burst, then it parses, and Prometheus stored the timed requests", async () => {
      const exposition = await (await fetch(`${managementUrl}/metrics`)).text();
      expect(exposition).toMatch(
        /^http_request_duration_seconds_bucket\{route="\/api\/auth\/login"/m,
      );
      const lint = spawnSync(promtool, ["check", "metrics"], {
        input: exposition,
        encoding: "utf8",
      });
      // 1 is a text it cannot parse; 3 is lint problems only, which prom-client's own process
      // gauges have (three `nodejs_*_total` gauges). The app's metrics must have none.
      expect([0, 3], lint.stdout + lint.stderr).toContain(lint.status);
      const problems = (lint.stdout + lint.stderr).split("\n").filter(Boolean);
      expect(problems.filter((line) => !line.startsWith("nodejs_"))).toEqual([]);
      // The histogram the app writes itself, read back through Prometheus: 61 logins timed.
      const logins =
        'sum(http_request_duration_seconds_count{route="/api/auth/login",method="POST"})';
      await waitFor(async () => Number((await server.query(logins))[0]?.value[1]) >= 61, {
        timeoutMs: 10_000,
        intervalMs: 250,
        what: "the timed logins in Prometheus",
      });
    });
  });
});

const PROMQL_WORDS = new Set(["and", "or", "unless", "bool", "offset", "on", "ignoring"]);

/** The metric names a PromQL expression reads: its identifiers, less functions, labels and keywords. */
function metricNames(query: string): string[] {
  const bare = query
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\{[^}]*\}|\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  return [...bare.matchAll(/\b([a-z_:][a-z0-9_:]*)\b(?!\s*\()/gi)]
    .map(([, name]) => name!)
    .filter((name) => !PROMQL_WORDS.has(name) && !/^\d/.test(name));
}

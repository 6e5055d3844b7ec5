/**
 * `npm run ops:chart -w @jwt-auth/api`: the picture in docs/operations.md. Starts the API
 * (its real server entry, SQLite in a temp folder, rate limits off) with its management
 * listener, and a real Prometheus scraping it every second; drives a minute of ordinary
 * traffic, a credential-stuffing burst, and ordinary traffic again, all on loopback and
 * bounded; then draws the main series from Prometheus's query API as an SVG.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { waitUntil } from "@jwt-auth/test-support";
import { spawnApi, stopAll } from "../test/multi-instance/spawn-api.js";
import { managementUrlOf } from "../test/operations/scrape.js";
import {
  prometheusCommands,
  startPrometheus,
  type PrometheusServer,
} from "../test/support/prometheus-server.js";
import { drawPanels, type Panel } from "./operations-chart-svg.js";

const OUT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../docs/images/operations-attack.svg",
);
const PHASES = { healthySeconds: 40, attackSeconds: 30, recoverySeconds: 35 };
const USERS = 4;
/** Guessing clients, each waiting for its answer: about what the hashing slots take, so the
 * guesses are checked (and fail) rather than shed. */
const ATTACKERS = 3;
const PASSWORD = "correct horse battery";

async function main(): Promise<void> {
  const commands = prometheusCommands();
  if (commands.missing !== undefined) throw new Error(commands.missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-ops-chart-"));
  let prometheus: PrometheusServer | undefined;
  try {
    const api = await spawnApi(
      {
        DATABASE_URL: `sqlite:${path.join(dir, "app.db")}`,
        DATA_DIR: dir,
        WEB_DIST_DIR: path.join(dir, "no-web"),
        RATE_LIMIT: "off",
        MANAGEMENT_PORT: "0",
      },
      { lifetimeMs: 600_000 },
    );
    const target = new URL(await managementUrlOf(api)).host;
    prometheus = await startPrometheus({ command: commands.prometheus, target });
    const server = prometheus;
    const client = trafficTo(api.url);
    const emails = Array.from({ length: USERS }, (_, i) => `user-${i}@example.com`);
    for (const email of emails) await client.register(email);

    const start = Date.now() / 1000;
    const healthy = client.healthy(
      emails,
      start + PHASES.healthySeconds + PHASES.attackSeconds + PHASES.recoverySeconds,
    );
    await sleep(PHASES.healthySeconds * 1000);
    const attackStart = Date.now() / 1000;
    await client.attack(attackStart + PHASES.attackSeconds);
    const attackEnd = Date.now() / 1000;
    await healthy;
    // Until Prometheus has scraped once more, so the chart holds the run's last counts.
    const loadEnded = Date.now() / 1000;
    await waitUntil(
      async () => {
        const [latest] = (await server.query("max(timestamp(up))")) as Array<{
          value: [number, string];
        }>;
        return latest !== undefined && Number(latest.value[1]) >= loadEnded;
      },
      { what: "a scrape after the load", timeoutMs: 10_000, everyMs: 200 },
    );
    const end = Date.now() / 1000;

    const range = (expr: string) => server.queryRange(expr, start, end, 1);
    const series = async (expr: string, label: (metric: Record<string, string>) => string) =>
      (await range(expr)).map((s) => ({
        name: label(s.metric),
        points: s.values.map(([t, v]) => ({ t: t - start, v: Number(v) })),
      }));
    const panels: Panel[] = [
      {
        title: "Logins per second, by result",
        unit: "/s",
        series: await series(
          'sum by (result) (rate(auth_logins_total{result=~"success|failure|shed"}[10s]))',
          (m) => m.result ?? "",
        ),
      },
      {
        title: "Login failure ratio over 5 min, as AuthLoginFailureRatioHigh reads it",
        unit: "",
        max: 1,
        threshold: { value: 0.5, label: "alert threshold" },
        series: await series(
          'sum(increase(auth_logins_total{result=~"failure|locked"}[5m])) / sum(increase(auth_logins_total{result=~"success|failure|locked"}[5m]))',
          () => "failed / all",
        ),
      },
      {
        title: "Password hashes waiting for a slot, and login p99 (s)",
        unit: "",
        series: [
          ...(await series(
            "max_over_time(password_hash_queue_length[5s])",
            () => "hashes waiting",
          )),
          ...(await series(
            'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{route="/api/auth/login"}[10s])))',
            () => "login p99 (s)",
          )),
        ],
      },
    ];
    const svg = drawPanels(panels, {
      seconds: end - start,
      band: { from: attackStart - start, to: attackEnd - start, label: "credential stuffing" },
    });
    fs.writeFileSync(OUT, svg);
    process.stdout.write(
      `wrote ${path.relative(process.cwd(), OUT)}: ${client.counts.logins} logins, ${client.counts.guesses} guesses, ${Math.round(end - start)} s\n`,
    );
  } finally {
    await prometheus?.stop();
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Ordinary users and an attacker, against one API; every loop ends at its deadline. */
function trafficTo(base: string) {
  const counts = { logins: 0, guesses: 0 };
  const post = (route: string, body: object, cookie?: string) =>
    fetch(`${base}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  const user = async (email: string, deadline: number, seed: number) => {
    for (let n = seed; Date.now() / 1000 < deadline; n++) {
      // About one typo in eight, as real users make.
      const typo = n % 8 === 0;
      const res = await post("/api/auth/login", {
        email,
        password: typo ? "correct horse battry" : PASSWORD,
      });
      counts.logins++;
      if (res.ok) {
        const { accessToken } = (await res.json()) as { accessToken: string };
        const cookie = res.headers.getSetCookie()[0]?.split(";")[0];
        for (let i = 0; i < 5; i++)
          await fetch(`${base}/api/user/profile`, {
            headers: { authorization: `Bearer ${accessToken}` },
          });
        await post("/api/auth/refresh", {}, cookie);
      } else await res.arrayBuffer();
      await sleep(3_000);
    }
  };
  return {
    counts,
    async register(email: string) {
      const res = await post("/api/auth/register", {
        email,
        password: PASSWORD,
        name: "Operator Test",
      });
      if (res.status !== 201) throw new Error(`register answered ${res.status}`);
    },
    healthy: (emails: string[], deadline: number) =>
      Promise.all(emails.map((email, i) => user(email, deadline, i))),
    /** Clients guessing as fast as the API answers, for addresses that do not exist. */
    attack: (deadline: number) =>
      Promise.all(
        Array.from({ length: ATTACKERS }, async (_, worker) => {
          for (let n = 0; Date.now() / 1000 < deadline; n++) {
            const res = await post("/api/auth/login", {
              email: `guess-${worker}-${n}@example.com`,
              password: "Summer2026!",
            });
            await res.arrayBuffer();
            counts.guesses++;
          }
        }),
      ),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

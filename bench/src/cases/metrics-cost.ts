import { apiPaths } from "@jwt-auth/shared";
import { register, startApi } from "../api-server.js";
import type { CaseResult } from "../figure.js";
import { loadWithCpu, type ServerTrial } from "../load.js";
import type { BenchOptions } from "../options.js";
import { freePort } from "@jwt-auth/test-support";
import type { ServerProcess } from "../server-process.js";
import { alternate, median, pairedRatios, round } from "../stats.js";

const GOAL = 0.97;

const SCRAPE_EVERY_MS = 1_000;

/**
 * What the management listener costs the hot path: GET /api/user/profile on two APIs
 * started alike, one with MANAGEMENT_PORT set and its /metrics scraped every second
 * throughout (as Prometheus would, a little more often than usual), one without, loaded in
 * turns in the same run.
 */
export async function metricsCost(options: BenchOptions): Promise<CaseResult> {
  const t = options.timing.metricsCost;
  const started: ServerProcess[] = [];
  let scraper: NodeJS.Timeout | undefined;
  try {
    const managementPort = await freePort();
    const metered = await startApi({
      name: "api-metrics",
      env: { MANAGEMENT_PORT: String(managementPort) },
    });
    started.push(metered);
    const plain = await startApi({ name: "api-no-metrics" });
    started.push(plain);

    const metricsUrl = `http://127.0.0.1:${managementPort}/metrics`;
    const first = await fetch(metricsUrl);
    if (first.status !== 200 || !(await first.text()).includes("http_request_duration_seconds"))
      throw new Error(`${metricsUrl} answered ${first.status}`);
    const scrapes = { ok: 0, failed: 0, bytes: 0 };
    scraper = setInterval(() => {
      fetch(metricsUrl)
        .then(async (res) => {
          const body = await res.text();
          if (res.status !== 200) throw new Error(String(res.status));
          scrapes.ok++;
          scrapes.bytes = body.length;
        })
        .catch(() => scrapes.failed++);
    }, SCRAPE_EVERY_MS);

    const sides = await Promise.all(
      [metered, plain].map(async (server) => {
        const session = await register(server.url, "bench-metrics@example.com");
        return { server, headers: { authorization: `Bearer ${session.accessToken}` } };
      }),
    );
    const trial = (side: (typeof sides)[number], seconds: number) => () =>
      loadWithCpu(side.server, {
        url: `${side.server.url}${apiPaths.profile}`,
        headers: side.headers,
        durationSeconds: seconds,
        connections: t.connections,
      });
    for (const side of sides) await trial(side, t.warmupSeconds)();
    const results = await alternate(
      t.rounds,
      sides.map((side) => ({ name: side.server.name, run: trial(side, t.seconds) })),
    );
    // Throughput as the other ratios of the bench count it, by server CPU a request: the
    // metered side's requests (and the scrapes it answers meanwhile) against the plain
    // side's. Requests per second follow whatever else the machine runs; they are shown too.
    const cpuOf = (name: string) => results.get(name)!.map((r) => r.cpuMicrosPerRequest);
    const ratio = round(median(pairedRatios(cpuOf("api-no-metrics"), cpuOf("api-metrics"))), 3);
    const med = (name: string, pick: (r: ServerTrial) => number) =>
      median(results.get(name)!.map(pick));
    const cpu = (name: string) => med(name, (r) => r.cpuMicrosPerRequest);
    return {
      figures: [
        {
          name: "metrics-cost",
          value: `${ratio.toFixed(3)} x without the management listener (${med("api-metrics", (r) => r.rps).toFixed(0)} vs ${med("api-no-metrics", (r) => r.rps).toFixed(0)} req/s; p99 ${med("api-metrics", (r) => r.p99Ms).toFixed(2)} vs ${med("api-no-metrics", (r) => r.p99Ms).toFixed(2)} ms; CPU ${cpu("api-metrics").toFixed(0)} vs ${cpu("api-no-metrics").toFixed(0)} µs a request; ${scrapes.ok} scrapes of ${(scrapes.bytes / 1024).toFixed(0)} KiB, ${scrapes.failed} failed)`,
          goal: `>= ${GOAL}`,
          ok: ratio >= GOAL && scrapes.failed === 0,
          note: "GET /api/user/profile, /metrics scraped every second",
        },
      ],
      details: {
        ratio,
        scrapes,
        rounds: Object.fromEntries(results),
        connections: t.connections,
      },
    };
  } finally {
    clearInterval(scraper);
    for (const server of started.reverse()) await server.stop();
  }
}

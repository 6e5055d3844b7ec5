import { apiPaths } from "@jwt-auth/shared";
import { freePort } from "@jwt-auth/test-support";
import { register, startApi } from "../api-server.js";
import { shareOfCode } from "../cpu-profile.js";
import type { CaseResult } from "../figure.js";
import { loadWithCpu, runLoad, type ServerTrial } from "../load.js";
import type { BenchOptions } from "../options.js";
import { profiledApi } from "../profiled-api.js";
import type { ServerProcess } from "../server-process.js";
import { alternate, median, blockRatios, round } from "../stats.js";

const GOAL = 0.97;

const SCRAPE_EVERY_MS = 1_000;
/** Load before each measured trial, not counted: see loadWithCpu. */
const SETTLE_SECONDS = 0.5;

/** The code the management listener adds: prom-client, the request timer, the handler. */
const METRICS_CODE = /node_modules\/prom-client\/|\/dist\/metrics\//;

interface Scrapes {
  ok: number;
  failed: number;
  bytes: number;
}

/** GETs `url` every second, as Prometheus would (a little more often than usual). */
function scrapeEverySecond(url: string): { scrapes: Scrapes; stop(): void } {
  const scrapes: Scrapes = { ok: 0, failed: 0, bytes: 0 };
  const timer = setInterval(() => {
    fetch(url)
      .then(async (res) => {
        const body = await res.text();
        if (res.status !== 200) throw new Error(String(res.status));
        scrapes.ok++;
        scrapes.bytes = body.length;
      })
      .catch(() => scrapes.failed++);
  }, SCRAPE_EVERY_MS);
  return { scrapes, stop: () => clearInterval(timer) };
}

/**
 * What the management listener costs the hot path, GET /api/user/profile, in one run:
 * - side by side: four APIs started alike, two with MANAGEMENT_PORT set and their /metrics
 *   scraped every second throughout, two without, loaded in turns and compared by server
 *   CPU a request, each side the mean of its two: the figure, with the two pairs of
 *   processes alike beside it (the control: what processes alike differ by here);
 * - by the profile: a fifth API, listener on and scraped, run under --cpu-prof; the share of
 *   its busy main thread spent in the listener's own code (prom-client, the request timer,
 *   the /metrics handler). It leaves out what happens off that thread or inside Node for
 *   the listener, so it is a lower bound on the cost, and it says where to look.
 */
export async function metricsCost(options: BenchOptions): Promise<CaseResult> {
  const t = options.timing.metricsCost;
  const started: ServerProcess[] = [];
  const scrapers: Array<{ stop(): void }> = [];
  try {
    // Two APIs on each side: two processes alike differ here by up to 5 % in CPU a request
    // over a whole run, as much as the figure measures, and a difference that stays with
    // the process does not average out over rounds, only over processes.
    const managementPorts = [await freePort(), await freePort()];
    for (const [i, port] of managementPorts.entries()) {
      started.push(
        await startApi({ name: `api-metrics-${i + 1}`, env: { MANAGEMENT_PORT: String(port) } }),
      );
      started.push(await startApi({ name: `api-no-metrics-${i + 1}` }));
    }

    const sideBySide: Scrapes[] = [];
    for (const port of managementPorts) {
      const metricsUrl = `http://127.0.0.1:${port}/metrics`;
      const first = await fetch(metricsUrl);
      if (first.status !== 200 || !(await first.text()).includes("http_request_duration_seconds"))
        throw new Error(`${metricsUrl} answered ${first.status}`);
      const scraper = scrapeEverySecond(metricsUrl);
      scrapers.push(scraper);
      sideBySide.push(scraper.scrapes);
    }

    const sides = await Promise.all(
      started.map(async (server) => {
        const session = await register(server.url, "bench-metrics@example.com");
        return { server, headers: { authorization: `Bearer ${session.accessToken}` } };
      }),
    );
    const trial =
      (side: (typeof sides)[number], seconds: number, settleSeconds = 0) =>
      () =>
        loadWithCpu(
          side.server,
          {
            url: `${side.server.url}${apiPaths.profile}`,
            headers: side.headers,
            durationSeconds: seconds,
            connections: t.connections,
          },
          settleSeconds,
        );
    for (const side of sides) await trial(side, t.warmupSeconds)();
    const results = await alternate(
      t.rounds,
      sides.map((side) => ({
        name: side.server.name,
        run: trial(side, t.seconds, SETTLE_SECONDS),
      })),
    );
    for (const scraper of scrapers.splice(0)) scraper.stop();
    for (const server of started.splice(0).reverse()) await server.stop();

    // By server CPU a request, as the bench's other ratios: the plain side's against the
    // metered side's (which includes the scrapes it answered meanwhile), each side the mean
    // of its two APIs in each round.
    const cpuOf = (name: string) => results.get(name)!.map((r) => r.cpuMicrosPerRequest);
    /** Per round, the mean of the side's two APIs. */
    const sideMean = (side: string, pick: (trial: ServerTrial) => number) => {
      const [a, b] = [results.get(`${side}-1`)!, results.get(`${side}-2`)!];
      return a.map((trial, i) => (pick(trial) + pick(b[i]!)) / 2);
    };
    const sideCpu = (side: string) => sideMean(side, (r) => r.cpuMicrosPerRequest);
    const blocks = blockRatios(sideCpu("api-no-metrics"), sideCpu("api-metrics"));
    const sideBySideRatio = round(median(blocks), 3);
    // What two APIs alike differ by, one against the other, in the same run.
    const controlRatios = ["api-no-metrics", "api-metrics"].map((side) =>
      round(median(blockRatios(cpuOf(`${side}-1`), cpuOf(`${side}-2`))), 3),
    );
    const cpu = (side: string) => median(sideCpu(side)).toFixed(0);
    const rps = (side: string) => median(sideMean(side, (r) => r.rps)).toFixed(0);
    // Where each side's CPU went (Linux): the main thread, which the profile sees, and the
    // other threads (V8's helpers, libuv's pool), which it does not.
    const split = (side: string) => {
      const main = median(sideMean(side, (r) => r.mainThreadCpuMicrosPerRequest ?? Number.NaN));
      return { main, others: median(sideCpu(side)) - main };
    };
    const threads = { on: split("api-metrics"), off: split("api-no-metrics") };
    const mainAndOthers = ({ main, others }: { main: number; others: number }) =>
      `${main.toFixed(0)} + ${others.toFixed(0)}`;
    const scraped = sideBySide.reduce((sum, s) => sum + s.ok, 0);

    const profiledPort = await freePort();
    let profiledScrapes: Scrapes | undefined;
    const profile = await profiledApi(
      `${apiPaths.profile} with /metrics scraped`,
      { env: { MANAGEMENT_PORT: String(profiledPort) } },
      async (api) => {
        const session = await register(api.url, "bench-metrics-profiled@example.com");
        const scraper = scrapeEverySecond(`http://127.0.0.1:${profiledPort}/metrics`);
        scrapers.push(scraper);
        profiledScrapes = scraper.scrapes;
        try {
          await runLoad({
            url: `${api.url}${apiPaths.profile}`,
            headers: { authorization: `Bearer ${session.accessToken}` },
            durationSeconds: t.profileSeconds,
            connections: t.connections,
          });
        } finally {
          scraper.stop();
        }
      },
    );
    if (!profile) throw new Error("the profiled API wrote no CPU profile");
    const share = shareOfCode(profile.file, METRICS_CODE);
    const failed =
      sideBySide.reduce((sum, s) => sum + s.failed, 0) + (profiledScrapes?.failed ?? 0);

    return {
      figures: [
        {
          name: "metrics-cost",
          value: `${sideBySideRatio.toFixed(3)} x without the management listener, side by side by CPU a request (${cpu("api-metrics")} vs ${cpu("api-no-metrics")} µs, each side two APIs; blocks of two rounds ${Math.min(...blocks).toFixed(2)} to ${Math.max(...blocks).toFixed(2)}; ${rps("api-metrics")} vs ${rps("api-no-metrics")} req/s; ${scraped} scrapes of ${(sideBySide[0]!.bytes / 1024).toFixed(0)} KiB; main thread + others ${mainAndOthers(threads.on)} vs ${mainAndOthers(threads.off)} µs); two APIs alike ${controlRatios.map((r) => r.toFixed(3)).join(" and ")} x; the listener's own code ${(share * 100).toFixed(2)} % of a profiled API's busy CPU; ${failed} scrapes failed`,
          goal: `>= ${GOAL}`,
          ok: sideBySideRatio >= GOAL && failed === 0,
          note: "GET /api/user/profile, /metrics scraped every second",
        },
      ],
      details: {
        share,
        sideBySideRatio,
        controlRatios,
        blockRatios: blocks,
        threads,
        scrapes: { sideBySide, profiled: profiledScrapes },
        rounds: Object.fromEntries(results),
        connections: t.connections,
      },
    };
  } finally {
    for (const scraper of scrapers) scraper.stop();
    for (const server of started.reverse()) await server.stop();
  }
}

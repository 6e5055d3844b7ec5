import { apiPaths } from "@jwt-auth/shared";
import { freePort } from "@jwt-auth/test-support";
import { register, startApi } from "../api-server.js";
import { shareOfCode } from "../cpu-profile.js";
import type { CaseResult } from "../figure.js";
import { loadWithCpu, runLoad, type ServerTrial } from "../load.js";
import type { BenchOptions } from "../options.js";
import { profiledApi } from "../profiled-api.js";
import type { ServerProcess } from "../server-process.js";
import { alternate, blockRatios, geometricMean, median, round } from "../stats.js";

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
 * - side by side: pairs of APIs started alike, one of each pair with MANAGEMENT_PORT
 *   set and its /metrics scraped every second throughout, loaded in turns and compared by
 *   server CPU a request: the figure is the geometric mean of the pairs' ratios, with the
 *   sides' means and two APIs alike of each side beside it (the control: what processes
 *   alike differ by here);
 * - by the profile: one more API, listener on and scraped, run under --cpu-prof; the share of
 *   its busy main thread spent in the listener's own code (prom-client, the request timer,
 *   the /metrics handler). It leaves out what happens off that thread or inside Node for
 *   the listener, so it is a lower bound on the cost, and it says where to look.
 */
export async function metricsCost(options: BenchOptions): Promise<CaseResult> {
  const t = options.timing.metricsCost;
  const started: ServerProcess[] = [];
  const scrapers: Array<{ stop(): void }> = [];
  try {
    // Several APIs on each side, started in pairs (one of each side): two processes alike
    // differ here by up to 7 % in CPU a request over a whole run, more than the figure
    // measures, and a difference that stays with the process does not average out over
    // rounds, only over processes. Processes started one after the other differ less.
    // Which of a pair starts first alternates from pair to pair, so what starting second
    // does to a process (a warmer disk cache, a host busier with the first) falls on both
    // sides alike.
    const managementPorts: number[] = [];
    for (let i = 1; i <= t.pairs; i++) {
      const port = await freePort();
      managementPorts.push(port);
      const pair = [
        () => startApi({ name: `api-metrics-${i}`, env: { MANAGEMENT_PORT: String(port) } }),
        () => startApi({ name: `api-no-metrics-${i}` }),
      ];
      for (const start of i % 2 === 1 ? pair : pair.reverse()) started.push(await start());
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
    // of its APIs in each round.
    const cpuOf = (name: string) => results.get(name)!.map((r) => r.cpuMicrosPerRequest);
    /** Per round, the mean of the side's APIs. */
    const sideMean = (side: string, pick: (trial: ServerTrial) => number) => {
      const apis = Array.from({ length: t.pairs }, (_, i) => results.get(`${side}-${i + 1}`)!);
      return apis[0]!.map((_, round) => {
        const values = apis.map((trials) => pick(trials[round]!));
        return values.reduce((sum, v) => sum + v, 0) / values.length;
      });
    };
    const sideCpu = (side: string) => sideMean(side, (r) => r.cpuMicrosPerRequest);
    const blocks = blockRatios(sideCpu("api-no-metrics"), sideCpu("api-metrics"));
    const sidesRatio = round(median(blocks), 3);
    // The figure: each pair's ratio (the median of its blocks), then their geometric mean.
    // The two APIs of a pair were started one after the other, and what a process's start
    // fixes for its life (where its memory and code landed, what the host ran meanwhile)
    // differs less within a pair than across pairs, which the sides' means mix in.
    const pairRatios = Array.from({ length: t.pairs }, (_, i) =>
      median(blockRatios(cpuOf(`api-no-metrics-${i + 1}`), cpuOf(`api-metrics-${i + 1}`))),
    );
    const paired = geometricMean(pairRatios);
    const pairedRatio = round(paired.mean, 3);
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
          value: `${pairedRatio.toFixed(3)} x without the management listener, side by side by CPU a request, the geometric mean of ${t.pairs} pairs of APIs (± ${paired.plusMinusPercent.toFixed(1)} %, 95 %; pairs ${pairRatios.map((r) => r.toFixed(3)).join(", ")}); the sides' means ${sidesRatio.toFixed(3)} x (${cpu("api-metrics")} vs ${cpu("api-no-metrics")} µs; blocks of two rounds ${Math.min(...blocks).toFixed(2)} to ${Math.max(...blocks).toFixed(2)}; ${rps("api-metrics")} vs ${rps("api-no-metrics")} req/s; ${scraped} scrapes of ${(sideBySide[0]!.bytes / 1024).toFixed(0)} KiB; main thread + others ${mainAndOthers(threads.on)} vs ${mainAndOthers(threads.off)} µs); two APIs alike ${controlRatios.map((r) => r.toFixed(3)).join(" and ")} x; the listener's own code ${(share * 100).toFixed(2)} % of a profiled API's busy CPU; ${failed} scrapes failed`,
          goal: `>= ${GOAL}`,
          ok: pairedRatio >= GOAL && failed === 0,
          note: "GET /api/user/profile, /metrics scraped every second",
        },
      ],
      details: {
        share,
        pairedRatio,
        pairedPlusMinusPercent: paired.plusMinusPercent,
        sidesRatio,
        controlRatios,
        pairRatios,
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

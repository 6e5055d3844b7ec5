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
 * - side by side: APIs started alike, one with MANAGEMENT_PORT set and its /metrics scraped
 *   every second throughout, two without (the second one the control: two processes alike
 *   compared the same way), loaded in turns and compared by server CPU a request: the
 *   figure, with the control beside it to show what two processes alike differ by here;
 * - by the profile: a third API, listener on and scraped, run under --cpu-prof; the share of
 *   its busy main thread spent in the listener's own code (prom-client, the request timer,
 *   the /metrics handler). It leaves out what happens off that thread or inside Node for
 *   the listener, so it is a lower bound on the cost, and it says where to look.
 */
export async function metricsCost(options: BenchOptions): Promise<CaseResult> {
  const t = options.timing.metricsCost;
  const started: ServerProcess[] = [];
  const scrapers: Array<{ stop(): void }> = [];
  try {
    const managementPort = await freePort();
    const metered = await startApi({
      name: "api-metrics",
      env: { MANAGEMENT_PORT: String(managementPort) },
    });
    started.push(metered);
    const plain = await startApi({ name: "api-no-metrics" });
    started.push(plain);
    // The control: a second API without the listener. What it differs from the first by is
    // what two processes alike differ by on this machine, the floor under the side-by-side.
    const control = await startApi({ name: "api-no-metrics-control" });
    started.push(control);

    const metricsUrl = `http://127.0.0.1:${managementPort}/metrics`;
    const first = await fetch(metricsUrl);
    if (first.status !== 200 || !(await first.text()).includes("http_request_duration_seconds"))
      throw new Error(`${metricsUrl} answered ${first.status}`);
    const sideBySide = scrapeEverySecond(metricsUrl);
    scrapers.push(sideBySide);

    const sides = await Promise.all(
      [metered, plain, control].map(async (server) => {
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
    sideBySide.stop();
    for (const server of started.splice(0).reverse()) await server.stop();

    // By server CPU a request, as the bench's other ratios: the plain side's against the
    // metered side's (which includes the scrapes it answered meanwhile).
    const cpuOf = (name: string) => results.get(name)!.map((r) => r.cpuMicrosPerRequest);
    const blocks = blockRatios(cpuOf("api-no-metrics"), cpuOf("api-metrics"));
    const sideBySideRatio = round(median(blocks), 3);
    const controlRatio = round(
      median(blockRatios(cpuOf("api-no-metrics"), cpuOf("api-no-metrics-control"))),
      3,
    );
    const med = (name: string, pick: (r: ServerTrial) => number) =>
      median(results.get(name)!.map(pick));
    const cpu = (name: string) => med(name, (r) => r.cpuMicrosPerRequest).toFixed(0);

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
    const failed = sideBySide.scrapes.failed + (profiledScrapes?.failed ?? 0);

    return {
      figures: [
        {
          name: "metrics-cost",
          value: `${sideBySideRatio.toFixed(3)} x without the management listener, side by side by CPU a request (${cpu("api-metrics")} vs ${cpu("api-no-metrics")} µs; blocks of two rounds ${Math.min(...blocks).toFixed(2)} to ${Math.max(...blocks).toFixed(2)}; ${med("api-metrics", (r) => r.rps).toFixed(0)} vs ${med("api-no-metrics", (r) => r.rps).toFixed(0)} req/s; ${sideBySide.scrapes.ok} scrapes of ${(sideBySide.scrapes.bytes / 1024).toFixed(0)} KiB); two APIs without it ${controlRatio.toFixed(3)} x; the listener's own code ${(share * 100).toFixed(2)} % of a profiled API's busy CPU; ${failed} scrapes failed`,
          goal: `>= ${GOAL}`,
          ok: sideBySideRatio >= GOAL && failed === 0,
          note: "GET /api/user/profile, /metrics scraped every second",
        },
      ],
      details: {
        share,
        sideBySideRatio,
        controlRatio,
        blockRatios: blocks,
        scrapes: { sideBySide: sideBySide.scrapes, profiled: profiledScrapes },
        rounds: Object.fromEntries(results),
        connections: t.connections,
      },
    };
  } finally {
    for (const scraper of scrapers) scraper.stop();
    for (const server of started.reverse()) await server.stop();
  }
}

import path from "node:path";
import { apiPaths } from "@jwt-auth/shared";
import { register, startApi, threadPoolEnv } from "../api-server.js";
import type { ProfileSummary } from "../cpu-profile.js";
import type { CaseResult } from "../figure.js";
import { runLoad, type LoadResult } from "../load.js";
import type { BenchOptions } from "../options.js";
import { BENCH_DIST } from "../paths.js";
import { profiledApi } from "../profiled-api.js";
import { startServer, type ServerProcess } from "../server-process.js";
import { alternate, median, pairedRatios, round } from "../stats.js";

const GOAL = 0.85;

interface Trial extends LoadResult {
  /** Server CPU time per answered request, in microseconds. */
  cpuMicrosPerRequest: number;
}

/**
 * GET /api/user/profile with a valid Bearer token against a bare Express 5 route that
 * returns the same JSON, both as child processes started the same way, loaded in turns.
 */
export async function protectedRoute(options: BenchOptions): Promise<CaseResult> {
  const t = options.timing.protectedRoute;
  const api = await startApi({ name: "api" });
  let bare: ServerProcess | undefined;
  try {
    const session = await register(api.url, "bench-protected@example.com");
    const headers = { authorization: `Bearer ${session.accessToken}` };
    const profileRes = await fetch(`${api.url}${apiPaths.profile}`, { headers });
    const profileJson = await profileRes.text();
    if (profileRes.status !== 200)
      throw new Error(`profile answered ${profileRes.status}: ${profileJson}`);

    bare = await startServer({
      name: "bare-express",
      entry: path.join(BENCH_DIST, "servers/bare-express.js"),
      readyPath: apiPaths.profile,
      env: { BENCH_BODY: profileJson, BENCH_PATH: apiPaths.profile, ...threadPoolEnv() },
    });
    const bareJson = await (await fetch(`${bare.url}${apiPaths.profile}`)).text();
    if (bareJson !== profileJson)
      throw new Error("the baseline does not return the same JSON as the API");

    const trial = (server: ServerProcess, seconds: number) => async (): Promise<Trial> => {
      const before = await server.probe();
      const load = await runLoad({
        url: `${server.url}${apiPaths.profile}`,
        headers,
        durationSeconds: seconds,
        connections: t.connections,
      });
      const after = await server.probe();
      return {
        ...load,
        cpuMicrosPerRequest: round(
          (after.cpuMicros - before.cpuMicros) / Math.max(1, load.requests),
          1,
        ),
      };
    };
    // Warm both (JIT, caches), then measure in alternating order.
    await trial(api, t.warmupSeconds)();
    await trial(bare, t.warmupSeconds)();
    const results = await alternate(t.rounds, [
      { name: "api", run: trial(api, t.seconds) },
      { name: "bare", run: trial(bare, t.seconds) },
    ]);
    const apiTrials = results.get("api")!;
    const bareTrials = results.get("bare")!;
    const ratio = round(
      median(
        pairedRatios(
          apiTrials.map((r) => r.rps),
          bareTrials.map((r) => r.rps),
        ),
      ),
      2,
    );
    const p99 = {
      api: median(apiTrials.map((r) => r.p99Ms)),
      bare: median(bareTrials.map((r) => r.p99Ms)),
    };

    let profile: ProfileSummary | undefined;
    if (options.profile) profile = await profileApi(headers, Math.max(5, t.seconds));

    return {
      figures: [
        {
          name: "protected-route",
          value: `${ratio.toFixed(2)} x bare express (${median(apiTrials.map((r) => r.rps)).toFixed(0)} vs ${median(bareTrials.map((r) => r.rps)).toFixed(0)} req/s; p99 ${p99.api.toFixed(2)} vs ${p99.bare.toFixed(2)} ms)`,
          goal: `>= ${GOAL}`,
          ok: ratio >= GOAL,
        },
      ],
      details: {
        ratio,
        p99Ms: p99,
        cpuMicrosPerRequest: {
          api: median(apiTrials.map((r) => r.cpuMicrosPerRequest)),
          bare: median(bareTrials.map((r) => r.cpuMicrosPerRequest)),
        },
        rounds: { api: apiTrials, bare: bareTrials },
        connections: t.connections,
        ...(profile ? { profile } : {}),
      },
    };
  } finally {
    await bare?.stop();
    await api.stop();
  }
}

/** Where the API's CPU time goes on GET /api/user/profile (see profiled-api.ts). */
async function profileApi(
  headers: Record<string, string>,
  seconds: number,
): Promise<ProfileSummary | undefined> {
  return profiledApi(`GET ${apiPaths.profile}`, {}, async (api) => {
    const session = await register(api.url, "bench-profiled@example.com");
    await runLoad({
      url: `${api.url}${apiPaths.profile}`,
      headers: { ...headers, authorization: `Bearer ${session.accessToken}` },
      durationSeconds: seconds,
      connections: 10,
    });
  });
}

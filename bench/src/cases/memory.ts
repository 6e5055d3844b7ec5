import { apiPaths, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import type autocannon from "autocannon";
import { startApi } from "../api-server.js";
import type { CaseResult } from "../figure.js";
import { runLoad, type LoadResult } from "../load.js";
import type { BenchOptions } from "../options.js";
import { seededLogin } from "../login-request.js";
import { seededSqlite } from "../seed-users.js";
import { startNodeFlags } from "../start-flags.js";
import { round, slope } from "../stats.js";

const RSS_GOAL_MB = 150;
const IDLE_GOAL_MB = 90;
/**
 * Growth over the second half counts as a trend when its slope is above this many MB per
 * minute and also more than twice its standard error: garbage collection moves RSS by tens of
 * MB between samples, and a slope over 30 s that noise could explain proves nothing.
 */
const TREND_LIMIT_MB_PER_MIN = 10;
const USERS = 1_000;
const CONNECTIONS = 8;
const MB = 1024 * 1024;

interface Context {
  token?: string;
  cookie?: string;
}

/**
 * The API's resident memory under a mix of logins, protected requests and refreshes, each
 * connection playing a client: log in, read the profile, refresh, read again, refresh…
 * The figure is the API as `npm start` runs it (its node flags, see start-flags.ts); the same
 * load then runs for a shorter time against the API under plain `node`, to show what the
 * start script's flags change.
 */
export async function memory(options: BenchOptions): Promise<CaseResult> {
  const t = options.timing.memory;
  const shipped = await measure(startNodeFlags(), t.warmupSeconds, t.seconds, t.sampleEverySeconds);
  // Informative only, so shorter: enough to see where plain node's heap settles.
  const plain = await measure(
    [],
    Math.round(t.warmupSeconds / 2),
    Math.round(t.seconds / 3),
    t.sampleEverySeconds,
  );
  const describe = (m: Measured, seconds: number) =>
    `RSS ${m.rss.end.toFixed(0)} MB after ${seconds} s of mixed load (peak ${m.rss.peak.toFixed(0)}, after warm-up ${m.rss.afterWarmup.toFixed(0)}, idle ${m.rss.idle.toFixed(0)}), ` +
    `second-half trend ${m.trend >= 0 ? "+" : ""}${m.trend.toFixed(0)} ± ${m.trendError.toFixed(0)} MB/min` +
    `${growing(m) ? " (growing)" : ""}, ${m.load.rps.toFixed(0)} req/s`;
  const growing = (m: Measured) => m.trend > Math.max(TREND_LIMIT_MB_PER_MIN, 2 * m.trendError);
  const ok = (m: Measured) => m.rss.peak < RSS_GOAL_MB && !growing(m);
  const goal = `peak < ${RSS_GOAL_MB} MB, no trend above ${TREND_LIMIT_MB_PER_MIN} MB/min`;
  const flags = startNodeFlags().join(" ") || "none";
  return {
    figures: [
      {
        name: "memory",
        value: describe(shipped, t.seconds),
        goal,
        ok: ok(shipped),
        note: `npm start's node flags: ${flags}`,
      },
      {
        name: "memory-idle",
        value: `RSS ${shipped.rss.idle.toFixed(0)} MB after start-up, before any request`,
        goal: `< ${IDLE_GOAL_MB} MB`,
        ok: shipped.rss.idle < IDLE_GOAL_MB,
      },
      {
        name: "memory-plain-node",
        value: describe(plain, Math.round(t.seconds / 3)),
        goal,
        ok: ok(plain),
        note: "informative: the same API under plain node, without the start script's flags",
      },
    ],
    details: { startFlags: flags, shipped, plainNode: plain },
  };
}

interface Measured {
  rss: { idle: number; afterWarmup: number; end: number; peak: number };
  /** MB per minute over the second half, and the standard error of that slope. */
  trend: number;
  trendError: number;
  samples: Array<{ seconds: number; rssMb: number }>;
  atEnd: Record<string, number>;
  load: LoadResult;
}

async function measure(
  nodeArgs: string[],
  warmupSeconds: number,
  seconds: number,
  everySeconds: number,
): Promise<Measured> {
  const api = await startApi({
    name: "api",
    databaseUrl: `sqlite:${await seededSqlite(USERS)}`,
    nodeArgs,
  });
  try {
    const idle = await api.rss();
    await runLoad({
      url: api.url,
      durationSeconds: warmupSeconds,
      connections: CONNECTIONS,
      requests: clientJourney(),
    });
    const afterWarmup = await api.rss();

    const samples: Array<{ x: number; y: number }> = [];
    const began = performance.now();
    const sample = async () =>
      samples.push({ x: (performance.now() - began) / 60_000, y: (await api.rss()) / MB });
    const timer = setInterval(() => void sample(), everySeconds * 1000);
    let load: LoadResult;
    try {
      load = await runLoad({
        url: api.url,
        durationSeconds: seconds,
        connections: CONNECTIONS,
        requests: clientJourney(),
      });
    } finally {
      clearInterval(timer);
    }
    await sample();
    const trend = slope(samples.filter((s) => s.x >= samples.at(-1)!.x / 2));
    const usage = (await api.probe()).memory;
    return {
      rss: {
        idle: round(idle / MB, 1),
        afterWarmup: round(afterWarmup / MB, 1),
        end: round(samples.at(-1)!.y, 1),
        peak: round(Math.max(...samples.map((s) => s.y)), 1),
      },
      trend: round(trend.slope, 1),
      trendError: round(trend.standardError, 1),
      samples: samples.map((s) => ({ seconds: round(s.x * 60, 1), rssMb: round(s.y, 1) })),
      // What the process reports at the end: V8's heap (reserved, used), memory held for
      // JavaScript outside it, and the rest (code, native libraries, malloc arenas).
      atEnd: {
        heapTotalMb: round(usage.heapTotal / MB, 1),
        heapUsedMb: round(usage.heapUsed / MB, 1),
        externalMb: round(usage.external / MB, 1),
        nativeMb: round((usage.rss - usage.heapTotal - usage.external) / MB, 1),
      },
      load,
    };
  } finally {
    await api.stop();
  }
}

/** One client's life, repeated per connection: log in, then profile reads and refreshes. */
function clientJourney(): autocannon.Request[] {
  let next = 0;
  const remember = (
    _status: number,
    body: string,
    context: object,
    headers: autocannon.Request["headers"],
  ) => {
    const ctx = context as Context;
    ctx.token = (JSON.parse(body) as { accessToken: string }).accessToken;
    // autocannon hands over the headers with their names as the server spelled them.
    const setCookie = Object.entries(headers ?? {}).find(
      ([name]) => name.toLowerCase() === "set-cookie",
    )?.[1];
    const cookie = (Array.isArray(setCookie) ? setCookie : [String(setCookie ?? "")]).find((c) =>
      c.startsWith(`${REFRESH_COOKIE_NAME}=`),
    );
    if (cookie) ctx.cookie = cookie.slice(0, cookie.indexOf(";"));
  };
  const profile: autocannon.Request = {
    method: "GET",
    path: apiPaths.profile,
    setupRequest: (request, context) => ({
      ...request,
      headers: { authorization: `Bearer ${(context as Context).token}` },
    }),
  };
  const refresh: autocannon.Request = {
    method: "POST",
    path: apiPaths.refresh,
    setupRequest: (request, context) => ({
      ...request,
      headers: { cookie: (context as Context).cookie ?? "" },
    }),
    onResponse: remember,
  };
  const reads = (n: number) => Array.from({ length: n }, () => profile);
  return [
    seededLogin(() => next++ % USERS, { onResponse: remember }),
    ...reads(10),
    refresh,
    ...reads(10),
    refresh,
    ...reads(10),
  ];
}

import { apiPaths, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import type autocannon from "autocannon";
import { startApi } from "../api-server.js";
import type { CaseResult } from "../figure.js";
import { runLoad, type LoadResult } from "../load.js";
import type { BenchOptions } from "../options.js";
import { seededLogin } from "../login-request.js";
import { seededSqlite } from "../seed-users.js";
import { SIZE_FLAGS, startNodeFlags } from "../start-flags.js";
import { round, slope } from "../stats.js";

/** After 60 s of mixed load, and the highest sample on the way there, under `npm start`. */
const RSS_GOAL_MB = 200;
const PEAK_GOAL_MB = 220;
const IDLE_GOAL_MB = 110;
/** The peak under `--optimize-for-size`, the knob for containers under 256 MB. */
const SIZE_PEAK_GOAL_MB = 150;
/**
 * Growth over the second half counts as a trend when its slope is above this many MB per
 * minute and also more than twice its standard error: garbage collection moves RSS by tens of
 * MB between samples, and a slope over 30 s that noise could explain proves nothing.
 */
const TREND_LIMIT_MB_PER_MIN = 10;
const USERS = 1_000;
const CONNECTIONS = 8;
const MB = 1024 * 1024;
/**
 * A login may be shed (503 + Retry-After) when the machine is busy, and a client whose first
 * login was shed reads with no token (401) until its next one: both are counted and shown,
 * not failures, because this case measures memory, not answers.
 */
const SERVED = [200, 401, 503];

interface Context {
  token?: string;
  cookie?: string;
}

/**
 * The API's resident memory under a mix of logins, protected requests and refreshes, each
 * connection playing a client: log in, read the profile, refresh, read again, refresh…
 * The figure is the API as `npm start` runs it (its node flags, see start-flags.ts: the heap
 * bounds by default); the same load then runs against the API under `--optimize-for-size`,
 * the knob documented for containers under 256 MB, which has its own goal.
 */
export async function memory(options: BenchOptions): Promise<CaseResult> {
  const t = options.timing.memory;
  const shipped = await measure(startNodeFlags(), t.warmupSeconds, t.seconds, t.sampleEverySeconds);
  const small = await measure([...SIZE_FLAGS], t.warmupSeconds, t.seconds, t.sampleEverySeconds);
  const describe = (m: Measured, seconds: number) =>
    `RSS ${m.rss.end.toFixed(0)} MB after ${seconds} s of mixed load (peak ${m.rss.peak.toFixed(0)}, after warm-up ${m.rss.afterWarmup.toFixed(0)}, idle ${m.rss.idle.toFixed(0)}), ` +
    `second-half trend ${m.trend >= 0 ? "+" : ""}${m.trend.toFixed(0)} ± ${m.trendError.toFixed(0)} MB/min` +
    `${growing(m) ? " (growing)" : ""}, ${m.load.rps.toFixed(0)} req/s${refused(m)}`;
  const refused = (m: Measured) => {
    const shed = m.load.byStatus[503]?.count ?? 0;
    const unauthorised = m.load.byStatus[401]?.count ?? 0;
    return shed + unauthorised > 0
      ? ` (${shed} logins shed, ${unauthorised} reads without a session)`
      : "";
  };
  const growing = (m: Measured) => m.trend > Math.max(TREND_LIMIT_MB_PER_MIN, 2 * m.trendError);
  const ok = (m: Measured) => m.rss.end <= RSS_GOAL_MB && m.rss.peak <= PEAK_GOAL_MB && !growing(m);
  const goal = `<= ${RSS_GOAL_MB} MB (peak <= ${PEAK_GOAL_MB}), no trend above ${TREND_LIMIT_MB_PER_MIN} MB/min`;
  const sizeOk = (m: Measured) => m.rss.peak <= SIZE_PEAK_GOAL_MB && !growing(m);
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
        goal: `<= ${IDLE_GOAL_MB} MB`,
        ok: shipped.rss.idle <= IDLE_GOAL_MB,
      },
      {
        name: "memory-optimize-for-size",
        value: describe(small, t.seconds),
        goal: `peak <= ${SIZE_PEAK_GOAL_MB} MB, no trend above ${TREND_LIMIT_MB_PER_MIN} MB/min`,
        ok: sizeOk(small),
        note: `the knob for containers under 256 MB: API_NODE_FLAGS=${SIZE_FLAGS.join(" ")}`,
      },
    ],
    details: { startFlags: flags, shipped, optimizeForSize: small },
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
      expect: SERVED,
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
        expect: SERVED,
      });
    } finally {
      clearInterval(timer);
    }
    await sample();
    const trend = slope(samples.filter((s) => s.x >= samples.at(-1)!.x / 2));
    const { memory: usage, heapSpaces } = await api.probe();
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
        ...Object.fromEntries(
          Object.entries(heapSpaces).map(([space, bytes]) => [`${space}Mb`, round(bytes / MB, 1)]),
        ),
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
    status: number,
    body: string,
    context: object,
    headers: autocannon.Request["headers"],
  ) => {
    // A login shed with 503 (the hashing slots are full on a busy machine) leaves the
    // client on the session it had, as a real client would retry later.
    if (status !== 200) return;
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

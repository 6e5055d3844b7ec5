import path from "node:path";
import { apiPaths } from "@jwt-auth/shared";
import { BENCH_PASSWORD, BENCH_SECRET, register, startApi, threadPoolEnv } from "../api-server.js";
import type { ProfileSummary } from "../cpu-profile.js";
import type { CaseResult, Figure } from "../figure.js";
import { loadWithCpu, runLoad, type ServerTrial } from "../load.js";
import type { BenchOptions } from "../options.js";
import { BENCH_DIST } from "../paths.js";
import { profiledApi } from "../profiled-api.js";
import { startServer, type ServerProcess } from "../server-process.js";
import {
  OWN_OPEN_PATH,
  OWN_PROTECTED_PATH,
  USER_ID_HEADER,
} from "../servers/api-own-routes-paths.js";
import { SIZE_FLAGS, startNodeFlags } from "../start-flags.js";
import { alternate, median, blockRatios, round } from "../stats.js";

const BARE_GOAL = 0.55;
const REQUIRE_AUTH_GOAL = 0.9;
const TUTORIAL_GOAL = 3;
const BETTER_AUTH_GOAL = 3;
/** Load before each measured trial, not counted: see loadWithCpu. */
const SETTLE_SECONDS = 0.5;

interface Side {
  name: string;
  server: ServerProcess;
  path: string;
  headers: Record<string, string>;
}

/**
 * GET /api/user/profile with a valid Bearer token, every feature of the API on, against:
 * bare Express 5 routes returning the same JSON, served by app.listen and by the API's own
 * server (createAppServer); the tutorial's way and express-jwt on the same Express (same
 * JSON), better-auth's getSession with and without its signed cookie cache
 * on the same Express and SQLite driver, all under the start script's node flags (the heap
 * bounds by default); the API again under `--optimize-for-size`, the knob for small
 * containers, and under plain node, to price both. And, in an app built on the API, one
 * handler behind `requireAuth` against the same handler open.
 * Every server is a child process started the same way; all are loaded in turns.
 */
export async function protectedRoute(options: BenchOptions): Promise<CaseResult> {
  const t = options.timing.protectedRoute;
  const started: ServerProcess[] = [];
  const start = async (server: Promise<ServerProcess>) => {
    const s = await server;
    started.push(s);
    return s;
  };
  try {
    const api = await start(startApi({ name: "api" }));
    const session = await register(api.url, "bench-protected@example.com");
    const bearer = { authorization: `Bearer ${session.accessToken}` };
    const profileRes = await fetch(`${api.url}${apiPaths.profile}`, { headers: bearer });
    const profileJson = await profileRes.text();
    if (profileRes.status !== 200)
      throw new Error(`profile answered ${profileRes.status}: ${profileJson}`);

    const small = await start(
      startApi({ name: "api-optimize-for-size", nodeArgs: [...SIZE_FLAGS] }),
    );
    const smallSession = await register(small.url, "bench-protected@example.com");
    const peerEnv = {
      BENCH_BODY: profileJson,
      BENCH_PATH: apiPaths.profile,
      BENCH_SECRET,
      ...threadPoolEnv(),
    };
    // The peers run under the node flags the API runs under (the same process setup), so a
    // ratio compares code with code; what the size knob costs is its own figure.
    const peer = (name: string, file: string, env: Record<string, string> = {}) =>
      start(
        startServer({
          name,
          entry: path.join(BENCH_DIST, "servers", file),
          readyPath: file === "bare-express.js" ? apiPaths.profile : "/ready",
          env: { ...peerEnv, ...env },
          nodeArgs: startNodeFlags(),
        }),
      );
    const bare = await peer("bare-express", "bare-express.js");
    const bareAppServer = await peer("bare-express-app-server", "bare-express.js", {
      BENCH_APP_SERVER: "1",
    });
    const tutorial = await peer("tutorial", "tutorial.js");
    const expressJwt = await peer("express-jwt", "express-jwt.js");
    const betterAuthCache = await peer("better-auth-cookie-cache", "better-auth.js", {
      BETTER_AUTH_COOKIE_CACHE: "on",
    });
    const betterAuthDb = await peer("better-auth-db", "better-auth.js", {
      BETTER_AUTH_COOKIE_CACHE: "off",
    });
    const own = await start(
      startApi({
        name: "api-own-routes",
        entry: path.join(BENCH_DIST, "servers/api-own-routes.js"),
      }),
    );
    const ownSession = await register(own.url, "bench-protected@example.com");
    // Both own routes get the same request: the SPA's interceptor sends the token on every
    // call, open routes included, so what differs between them is requireAuth's work alone.
    const ownHeaders = {
      authorization: `Bearer ${ownSession.accessToken}`,
      [USER_ID_HEADER]: (ownSession.profile as { id: string }).id,
    };
    // When npm start gives node flags, the API under plain node too: what the flags cost.
    const plain =
      startNodeFlags().length > 0
        ? await start(startApi({ name: "api-plain-node", nodeArgs: [] }))
        : undefined;
    const plainSession = plain && (await register(plain.url, "bench-protected@example.com"));

    // In the order they are loaded, so the two sides of each ratio with a goal run one right
    // after the other (bare Express, the API, better-auth's cached check; the two own routes).
    const sides: Side[] = [
      { name: "bare", server: bare, path: apiPaths.profile, headers: bearer },
      { name: "api", server: api, path: apiPaths.profile, headers: bearer },
      { name: "bare-app-server", server: bareAppServer, path: apiPaths.profile, headers: bearer },
      {
        name: "better-auth-cookie-cache",
        server: betterAuthCache,
        path: apiPaths.profile,
        headers: { cookie: await betterAuthSignUp(betterAuthCache.url) },
      },
      { name: "tutorial", server: tutorial, path: apiPaths.profile, headers: bearer },
      { name: "own-protected", server: own, path: OWN_PROTECTED_PATH, headers: ownHeaders },
      { name: "own-open", server: own, path: OWN_OPEN_PATH, headers: ownHeaders },
      { name: "express-jwt", server: expressJwt, path: apiPaths.profile, headers: bearer },
      {
        name: "better-auth-db",
        server: betterAuthDb,
        path: apiPaths.profile,
        headers: { cookie: await betterAuthSignUp(betterAuthDb.url) },
      },
      {
        name: "api-optimize-for-size",
        server: small,
        path: apiPaths.profile,
        headers: { authorization: `Bearer ${smallSession.accessToken}` },
      },
      ...(plain && plainSession
        ? [
            {
              name: "api-plain-node",
              server: plain,
              path: apiPaths.profile,
              headers: { authorization: `Bearer ${plainSession.accessToken}` },
            },
          ]
        : []),
    ];
    // Every side answers the same bytes (the peers were given the API's JSON; the own routes
    // read the same kind of user), so no side wins by sending less.
    for (const side of sides) {
      const res = await fetch(`${side.server.url}${side.path}`, { headers: side.headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${side.name} answered ${res.status}: ${text}`);
      if (text.length !== profileJson.length)
        throw new Error(`${side.name} answers ${text.length} bytes, the API ${profileJson.length}`);
    }

    const trial =
      (side: Side, seconds: number, settleSeconds = 0) =>
      () =>
        loadWithCpu(
          side.server,
          {
            url: `${side.server.url}${side.path}`,
            headers: side.headers,
            durationSeconds: seconds,
            connections: t.connections,
          },
          settleSeconds,
        );
    // Warm every side (JIT, caches), then measure in alternating order.
    for (const side of sides) await trial(side, t.warmupSeconds)();
    const results = await alternate(
      t.rounds,
      sides.map((side) => ({ name: side.name, run: trial(side, t.seconds, SETTLE_SECONDS) })),
    );
    // A ratio is by server CPU a request (DESIGN.md): `a` does 1 / ratio times `b`'s work
    // per request. Requests per second move with whatever else the machine runs; the CPU a
    // server spends on a request moves far less.
    const cpu = (name: string) => results.get(name)!.map((r) => r.cpuMicrosPerRequest);
    const ratio = (a: string, b: string) => round(median(blockRatios(cpu(b), cpu(a))), 2);
    const med = (name: string, pick: (r: ServerTrial) => number) =>
      median(results.get(name)!.map(pick));
    const describe = (a: string, b: string) =>
      `${med(a, (r) => r.rps).toFixed(0)} vs ${med(b, (r) => r.rps).toFixed(0)} req/s; p99 ${med(a, (r) => r.p99Ms).toFixed(2)} vs ${med(b, (r) => r.p99Ms).toFixed(2)} ms; CPU ${med(a, (r) => r.cpuMicrosPerRequest).toFixed(0)} vs ${med(b, (r) => r.cpuMicrosPerRequest).toFixed(0)} µs a request`;

    const vsBare = ratio("api", "bare");
    const vsBareAppServer = ratio("api", "bare-app-server");
    const appServer = ratio("bare-app-server", "bare");
    const requireAuth = ratio("own-protected", "own-open");
    const vsTutorial = ratio("api", "tutorial");
    const vsExpressJwt = ratio("api", "express-jwt");
    const vsBetterAuthCache = ratio("api", "better-auth-cookie-cache");
    const vsBetterAuthDb = ratio("api", "better-auth-db");
    const sizeFlags = ratio("api-optimize-for-size", "api");
    const vsPlain = plain ? ratio("api", "api-plain-node") : undefined;
    const flags = startNodeFlags().join(" ") || "none";

    let profile: ProfileSummary | undefined;
    if (options.profile) profile = await profileApi(Math.max(5, t.seconds));

    const figures: Figure[] = [
      {
        name: "protected-route",
        value: `${vsBare.toFixed(2)} x bare express by CPU a request (${describe("api", "bare")})`,
        goal: `>= ${BARE_GOAL}`,
        ok: vsBare >= BARE_GOAL,
        note: `both under ${flags}`,
      },
      {
        name: "vs-bare-express-app-server",
        value: `${vsBareAppServer.toFixed(2)} x bare express on the same server as the API, createAppServer (${describe("api", "bare-app-server")})`,
        goal: "reported",
        ok: true,
      },
      {
        name: "app-server",
        value: `${appServer.toFixed(2)} x: bare express served by createAppServer vs by app.listen (${describe("bare-app-server", "bare")})`,
        goal: "reported",
        ok: true,
      },
      {
        name: "require-auth",
        value: `${requireAuth.toFixed(2)} x the same handler without it (${describe("own-protected", "own-open")})`,
        goal: `>= ${REQUIRE_AUTH_GOAL}`,
        ok: requireAuth >= REQUIRE_AUTH_GOAL,
      },
      {
        name: "vs-tutorial",
        value: `${vsTutorial.toFixed(2)} x the tutorial's passport-jwt with a string secret (${describe("api", "tutorial")})`,
        goal: `>= ${TUTORIAL_GOAL}`,
        ok: vsTutorial >= TUTORIAL_GOAL,
      },
      {
        name: "vs-express-jwt",
        value: `${vsExpressJwt.toFixed(2)} x express-jwt with a string secret (${describe("api", "express-jwt")})`,
        goal: "reported",
        ok: true,
      },
      {
        name: "vs-better-auth-cookie-cache",
        value: `${vsBetterAuthCache.toFixed(2)} x better-auth's getSession from its signed cookie cache, no database read (${describe("api", "better-auth-cookie-cache")})`,
        goal: `>= ${BETTER_AUTH_GOAL}`,
        ok: vsBetterAuthCache >= BETTER_AUTH_GOAL,
      },
      {
        name: "vs-better-auth-db",
        value: `${vsBetterAuthDb.toFixed(2)} x better-auth's getSession by default, a database read (${describe("api", "better-auth-db")})`,
        goal: "reported",
        ok: true,
      },
      {
        name: "start-flags-cost",
        value: `${sizeFlags.toFixed(2)} x: the API under ${SIZE_FLAGS.join(" ")} vs under npm start's flags (${describe("api-optimize-for-size", "api")})`,
        goal: "reported",
        ok: true,
        note: `npm start's flags: ${flags}`,
      },
      ...(vsPlain === undefined
        ? []
        : [
            {
              name: "start-flags-vs-plain-node",
              value: `${vsPlain.toFixed(2)} x: the API under npm start's flags (${flags}) vs under plain node (${describe("api", "api-plain-node")})`,
              goal: "reported",
              ok: true,
            },
          ]),
    ];
    return {
      figures,
      details: {
        ratios: {
          vsBare,
          vsBareAppServer,
          appServer,
          requireAuth,
          vsTutorial,
          vsExpressJwt,
          vsBetterAuthCache,
          vsBetterAuthDb,
          sizeFlags,
          ...(vsPlain === undefined ? {} : { vsPlain }),
        },
        startFlags: flags,
        rounds: Object.fromEntries(results),
        connections: t.connections,
        ...(profile ? { profile } : {}),
      },
    };
  } finally {
    for (const server of started.reverse()) await server.stop();
  }
}

/** Where the API's CPU time goes on GET /api/user/profile (see profiled-api.ts). */
async function profileApi(seconds: number): Promise<ProfileSummary | undefined> {
  return profiledApi(`GET ${apiPaths.profile}`, {}, async (api) => {
    const session = await register(api.url, "bench-profiled@example.com");
    await runLoad({
      url: `${api.url}${apiPaths.profile}`,
      headers: { authorization: `Bearer ${session.accessToken}` },
      durationSeconds: seconds,
      connections: 10,
    });
  });
}

/**
 * Signs a user up on a better-auth peer (email and password, as its client does) and returns
 * the cookies it set: the session token, and with the cookie cache on, the signed session copy.
 */
async function betterAuthSignUp(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({
      email: "bench-protected@example.com",
      password: BENCH_PASSWORD,
      name: "Bench",
    }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`better-auth sign-up answered ${res.status}: ${text}`);
  const cookies = res.headers.getSetCookie().map((cookie) => cookie.slice(0, cookie.indexOf(";")));
  if (cookies.length === 0) throw new Error("better-auth sign-up set no cookie");
  return cookies.join("; ");
}

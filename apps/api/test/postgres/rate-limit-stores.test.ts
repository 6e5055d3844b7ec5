import { apiPaths } from "@jwt-auth/shared";
import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DatabaseRateLimitStore,
  openSharedRateLimitStores,
  redisRateLimitStores,
  type SharedRateLimitStores,
} from "../../src/http/rate-limit-stores.js";
import { openDatabase, type DatabaseHandle } from "../../src/store/database.js";
import { cookie, startTestApp, type TestApp } from "../support/test-app.js";
import { closedPort } from "./tcp-proxy.js";
import {
  createTestDatabase,
  createTestSchema,
  DIALECTS,
  type TestSchema,
} from "./test-database.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const WINDOW_MS = 60_000;
const tightRefresh = { policies: { refresh: { windowMs: WINDOW_MS, limit: 3 } } };

/** Refresh with a token that does not exist: cheap, and every attempt counts against the budget. */
const refreshOn = (app: TestApp) => app.http.post(apiPaths.refresh).set(cookie("A".repeat(43)));

describe.each(DIALECTS)("the rate_limits table store on %s", (dialect) => {
  let place: Awaited<ReturnType<typeof createTestDatabase>>;
  let handle: DatabaseHandle;
  let clock = Date.now();
  const store = () => {
    const s = new DatabaseRateLimitStore(handle.db, () => clock);
    s.init({ windowMs: 1_000 } as Parameters<DatabaseRateLimitStore["init"]>[0]);
    return s;
  };

  beforeAll(async () => {
    place = await createTestDatabase(dialect);
    handle = await openDatabase(place.url);
  });
  afterAll(async () => {
    await handle?.close();
    await place?.drop();
  });

  it("when 40 hits on one key race, then none is lost: they are counted 1 to 40", async () => {
    const s = store();
    const results = await Promise.all(Array.from({ length: 40 }, () => s.increment("race")));
    expect(results.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(new Set(results.map((r) => r.resetTime?.getTime())).size).toBe(1);
  });

  it("when the window is over, then the next hit starts a new window at 1", async () => {
    const s = store();
    await s.increment("window");
    const second = await s.increment("window");
    expect(second.totalHits).toBe(2);

    clock += 1_000;
    const fresh = await s.increment("window");

    expect(fresh.totalHits).toBe(1);
    expect(fresh.resetTime?.getTime()).toBe(clock + 1_000);
  });

  it("when a hit is taken back or a key reset, then the count follows", async () => {
    const s = store();
    await s.increment("undo");
    await s.increment("undo");
    await s.decrement("undo");
    expect((await s.get("undo"))?.totalHits).toBe(1);
    await s.resetKey("undo");
    expect(await s.get("undo")).toBeUndefined();
  });
});

describe("one budget for several instances", () => {
  let schema: TestSchema;
  const apps: TestApp[] = [];
  const redisPrefix = `jwt-auth-test:${randomBytes(6).toString("hex")}:`;

  beforeAll(async () => {
    schema = await createTestSchema();
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await schema?.drop();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    for await (const keys of redis.scanIterator({ MATCH: `${redisPrefix}*` }))
      if (keys.length > 0) await redis.del(keys);
    await redis.close();
  });

  const start = async (options: Parameters<typeof startTestApp>[0]) => {
    const app = await startTestApp(options);
    apps.push(app);
    return app;
  };

  it("when two instances share PostgreSQL, then their requests draw on one budget in the rate_limits table", async () => {
    const env = { RATE_LIMIT: "on" };
    const a = await start({
      databaseUrl: schema.url,
      env,
      overrides: { rateLimits: tightRefresh },
    });
    const b = await start({
      databaseUrl: schema.url,
      env,
      overrides: { rateLimits: tightRefresh },
    });

    const statuses = [];
    for (const app of [a, a, b, b, a]) statuses.push((await refreshOn(app)).status);

    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it("when two instances share Redis, then their requests draw on one budget there, whatever their databases", async () => {
    const stores: SharedRateLimitStores[] = [];
    const onRedis = async () => {
      const shared = await redisRateLimitStores(REDIS_URL, redisPrefix);
      stores.push(shared);
      const app = await start({
        env: { RATE_LIMIT: "on" },
        overrides: { rateLimits: { ...tightRefresh, storeFor: shared.storeFor } },
      });
      return app;
    };
    try {
      const a = await onRedis(); // each on its own SQLite file
      const b = await onRedis();

      const statuses = [];
      for (const app of [b, a, b, a]) statuses.push((await refreshOn(app)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);

      await stores[0]!.close();
      const redisGone = await refreshOn(a);
      expect(redisGone.status).toBe(503);
      expect(redisGone.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(redisGone.body.code).toBe("service_unavailable");
    } finally {
      await Promise.all(stores.slice(1).map((s) => s.close()));
    }
  });

  it("when Redis does not answer at start-up, then opening the stores fails instead of starting without limits", async () => {
    const port = await closedPort();
    await expect(redisRateLimitStores(`redis://127.0.0.1:${port}`, redisPrefix)).rejects.toThrow();
  });

  it("when REDIS_URL is set, Redis is chosen; else PostgreSQL's table; a single SQLite process keeps memory", async () => {
    const pgHandle = await openDatabase(schema.url);
    const sqlitePlace = await createTestDatabase("sqlite");
    const sqliteHandle = await openDatabase(sqlitePlace.url);
    try {
      const redis = await openSharedRateLimitStores({
        redisUrl: REDIS_URL,
        database: sqliteHandle,
        redisPrefix,
        now: Date.now,
      });
      const database = await openSharedRateLimitStores({
        redisUrl: undefined,
        database: pgHandle,
        now: Date.now,
      });
      const none = await openSharedRateLimitStores({
        redisUrl: undefined,
        database: sqliteHandle,
        now: Date.now,
      });
      await redis?.close();
      expect([redis?.kind, database?.kind, none]).toEqual(["redis", "database", undefined]);
    } finally {
      await pgHandle.close();
      await sqliteHandle.close();
      await sqlitePlace.drop();
    }
  });
});

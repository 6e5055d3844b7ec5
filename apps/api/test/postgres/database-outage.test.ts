import { apiPaths } from "@jwt-auth/shared";
import type { Response } from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresRevocationFeed } from "../../src/store/postgres-revocation-feed.js";
import {
  bearer,
  cookie,
  registerUser,
  startTestApp,
  type RegisteredUser,
  type TestApp,
} from "../support/test-app.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";
import { createTestSchema, testDatabaseUrl, withClient, type TestSchema } from "./test-database.js";
import { waitFor } from "./wait-for.js";

// The app reaches PostgreSQL through a proxy this file can cut; the test itself talks to
// PostgreSQL directly. Any unhandled rejection or uncaught error would fail the run.
let schema: TestSchema;
let proxy: TcpProxy;
let app: TestApp;

beforeAll(async () => {
  schema = await createTestSchema();
  const server = new URL(await testDatabaseUrl());
  proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  app = await startTestApp({
    databaseUrl: proxy.via(schema.url),
    // The production feed, with a quicker heartbeat and backoff so the file runs fast.
    overrides: {
      feed: (db) =>
        postgresRevocationFeed({
          url: db.url,
          db: db.db,
          heartbeatMs: 300,
          backoff: { firstMs: 50, maxMs: 300 },
        }),
    },
  });
});

afterAll(async () => {
  await app?.close();
  await proxy?.close();
  await schema?.drop();
});

const health = () => app.http.get(apiPaths.health);
const profile = (token: string) => app.http.get(apiPaths.profile).set(bearer(token));

function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 503, code: "service_unavailable" });
  expect(res.headers["retry-after"]).toBeDefined();
}

async function expectRecovered(user: RegisteredUser) {
  await waitFor(async () => (await health()).status === 200, {
    timeoutMs: 10_000,
    what: "health back to 200",
  });
  await waitFor(async () => (await profile(user.accessToken)).status === 200, {
    what: "profile back to 200",
  });
  const login = await app.http
    .post(apiPaths.login)
    .send({ email: user.email, password: user.password });
  expect(login.status).toBe(200);
}

describe("when PostgreSQL goes away", () => {
  it("when it refuses connections, then DB routes answer 503, tokens are still checked from memory, and a missed revocation is caught up", async () => {
    const user = await registerUser(app);
    const loggedOut = await registerUser(app);
    await app.http.post(apiPaths.logout).set(cookie(loggedOut.refreshToken)).expect(204);

    await proxy.cut("refuse");

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: "unavailable" });
    expectUnavailable(await profile(user.accessToken));
    expectUnavailable(
      await app.http.post(apiPaths.login).send({ email: user.email, password: user.password }),
    );
    expectUnavailable(await app.http.post(apiPaths.refresh).set(cookie(user.refreshToken)));
    // Verifying a token needs no database: a revoked or missing one is still refused as such.
    expect((await profile(loggedOut.accessToken)).body.code).toBe("token_revoked");
    expect((await app.http.get(apiPaths.profile)).body.code).toBe("token_missing");

    // Another instance revokes the user while this one cannot hear it (no NOTIFY reaches it).
    await withClient(schema.url, (c) =>
      c.query(
        "update sessions set revoked_at = $1, revoked_reason = 'logout_all' where user_id = $2",
        [Date.now(), user.id],
      ),
    );
    await proxy.restore();

    await waitFor(async () => (await health()).status === 200, {
      timeoutMs: 10_000,
      what: "health back to 200",
    });
    // The listener's reconnection reloads the list from the sessions table.
    await waitFor(async () => (await profile(user.accessToken)).body.code === "token_revoked", {
      what: "missed revocation applied",
    });
    const again = await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: user.password });
    expect(again.status).toBe(200);
    expect((await profile(again.body.accessToken)).status).toBe(200);
  });

  it("when its connections are reset as they open, then requests answer 503 and the instance recovers by itself", async () => {
    const user = await registerUser(app);
    await proxy.cut("reset");

    expect((await health()).status).toBe(503);
    expectUnavailable(await profile(user.accessToken));
    expectUnavailable(
      await app.http.patch(apiPaths.profile).set(bearer(user.accessToken)).send({ name: "X" }),
    );

    await proxy.restore();
    await expectRecovered(user);
  });

  it("when the network swallows packets, then the pool's connect timeout turns into 503, and it recovers", async () => {
    const user = await registerUser(app);
    await proxy.cut("blackhole");

    expect((await health()).status).toBe(503); // the health check gives up after a second
    expectUnavailable(await profile(user.accessToken)); // the pool gives up connecting after three

    await proxy.restore();
    await expectRecovered(user);
  });

  it("when the server terminates the app's connections, then no request answers 500 and the next ones succeed", async () => {
    const user = await registerUser(app);
    await waitFor(async () => (await profile(user.accessToken)).status === 200);

    await withClient(await testDatabaseUrl(), (c) =>
      c.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1",
        [schema.name],
      ),
    );
    const burst = await Promise.all(Array.from({ length: 10 }, () => profile(user.accessToken)));

    for (const res of burst) expect([200, 503]).toContain(res.status);
    await expectRecovered(user);
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  cookie,
  login,
  refreshCookieOf,
  registerUser,
  startTestApp,
  type TestApp,
} from "../support/test-app.js";
import { createTestDatabase, DIALECTS } from "./test-database.js";

// The key flows of the API, end to end over HTTP, on each store: same answers on both.
describe.each(DIALECTS)("the auth flows on %s", (dialect) => {
  let place: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let clockOffset = 0;

  beforeAll(async () => {
    place = await createTestDatabase(dialect);
    // A clock the tests can move forward, past the reuse grace window and the lifetimes.
    app = await startTestApp({
      databaseUrl: place.url,
      overrides: { now: () => Date.now() + clockOffset },
    });
  });

  afterAll(async () => {
    await app?.close();
    await place?.drop();
  });

  const refresh = (token: string) => app.http.post(apiPaths.refresh).set(cookie(token));
  const profile = (token: string) => app.http.get(apiPaths.profile).set(bearer(token));
  const liveChildrenOf = async (accessToken: string) => {
    const sid = JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString())
      .sid as string;
    return app.deps.database.db
      .selectFrom("refresh_tokens")
      .select("token_hash")
      .where("session_id", "=", sid)
      .where("rotated_at", "is", null)
      .execute();
  };

  it("when a user registers and logs in, then both tokens open the profile", async () => {
    const user = await registerUser(app, { name: "Grace Hopper" });
    const again = await login(app, user.email, user.password);

    for (const token of [user.accessToken, again.accessToken]) {
      const res = await profile(token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, email: user.email, name: "Grace Hopper" });
      expect(typeof res.body.createdAt).toBe("string");
    }
  });

  it("when the profile is renamed, then the store keeps the new name", async () => {
    const user = await registerUser(app);
    const res = await app.http
      .patch(apiPaths.profile)
      .set(bearer(user.accessToken))
      .send({ name: "Renamed" });
    expect(res.status).toBe(200);
    expect((await profile(user.accessToken)).body.name).toBe("Renamed");
  });

  it("when a refresh token is used, then it rotates, and the parent within the grace window gets the same child", async () => {
    const user = await registerUser(app);
    const first = await refresh(user.refreshToken);
    const child = refreshCookieOf(first.headers["set-cookie"]);

    expect(first.status).toBe(200);
    expect(child).toBeDefined();
    expect(child).not.toBe(user.refreshToken);
    const retry = await refresh(user.refreshToken);
    expect(retry.status).toBe(200);
    expect(refreshCookieOf(retry.headers["set-cookie"])).toBe(child);
    expect((await refresh(child!)).status).toBe(200);
  });

  it("when a rotated token comes back after the grace window, then the family's refresh and access tokens are revoked", async () => {
    const user = await registerUser(app);
    const first = await refresh(user.refreshToken);
    const child = refreshCookieOf(first.headers["set-cookie"])!;

    clockOffset += 6_000;
    const reuse = await refresh(user.refreshToken);

    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe("invalid_refresh_token");
    expect((await refresh(child)).status).toBe(401);
    const denied = await profile(first.body.accessToken);
    expect(denied.status).toBe(401);
    expect(denied.body.code).toBe("token_revoked");
  });

  it("when 20 refreshes of one token run at once, then all 20 succeed with the same child and one child is live", async () => {
    const user = await registerUser(app);

    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(user.refreshToken)));

    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const children = new Set(results.map((r) => refreshCookieOf(r.headers["set-cookie"])));
    expect(children.size).toBe(1);
    expect(await liveChildrenOf(results[0]!.body.accessToken)).toHaveLength(1);
    expect((await refresh([...children][0]!)).status).toBe(200);
  });

  it("when a user logs out, then that refresh token and its access token stop working", async () => {
    const user = await registerUser(app);
    const res = await app.http
      .post(apiPaths.logout)
      .set(cookie(user.refreshToken))
      .set(bearer(user.accessToken));

    expect(res.status).toBe(204);
    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await profile(user.accessToken)).body.code).toBe("token_revoked");
    expect((await app.http.post(apiPaths.logout).set(cookie(user.refreshToken))).status).toBe(204);
  });

  it("when a user logs out everywhere, then every session ends and a new login works", async () => {
    const user = await registerUser(app);
    const other = await login(app, user.email, user.password);

    expect((await app.http.post(apiPaths.logoutAll).set(bearer(user.accessToken))).status).toBe(
      204,
    );

    for (const s of [user, other]) {
      expect((await profile(s.accessToken)).body.code).toBe("token_revoked");
      expect((await refresh(s.refreshToken)).status).toBe(401);
    }
    const fresh = await login(app, user.email, user.password);
    expect((await profile(fresh.accessToken)).status).toBe(200);
  });

  it("when the password changes, then other sessions end, this one stays, and only the new password logs in", async () => {
    const user = await registerUser(app);
    const other = await login(app, user.email, user.password);
    const res = await app.http
      .post(apiPaths.password)
      .set(bearer(user.accessToken))
      .send({ currentPassword: user.password, newPassword: "a brand new passphrase" });

    expect(res.status).toBe(204);
    expect((await profile(user.accessToken)).status).toBe(200);
    expect((await profile(other.accessToken)).body.code).toBe("token_revoked");
    expect((await refresh(other.refreshToken)).status).toBe(401);
    expect(
      (await app.http.post(apiPaths.login).send({ email: user.email, password: user.password }))
        .status,
    ).toBe(401);
    await login(app, user.email, "a brand new passphrase");
  });

  // Last: it moves the clock past every lifetime.
  it("when housekeeping runs after every lifetime is over, then expired sessions and spent rate-limit windows are deleted", async () => {
    await registerUser(app);
    const db = app.deps.database.db;
    await db
      .insertInto("rate_limits")
      .values({ key: "spent", hits: 3, reset_at: Date.now() + clockOffset })
      .execute();
    clockOffset += (app.config.refreshTokenTtlSeconds + 60) * 1000;

    const result = await app.maintain();

    expect(result.sessionsDeleted).toBeGreaterThan(0);
    expect(await db.selectFrom("sessions").select("id").execute()).toEqual([]);
    expect(await db.selectFrom("refresh_tokens").select("token_hash").execute()).toEqual([]);
    expect(
      await db.selectFrom("rate_limits").select("key").where("key", "=", "spent").execute(),
    ).toEqual([]);
  });
});

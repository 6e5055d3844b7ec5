import { apiPaths } from "@jwt-auth/shared";
import { afterEach, describe, expect, it } from "vitest";
import { bearer, cookie, registerUser, startTestApp, type TestApp } from "../support/test-app.js";

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

describe("revocation across restarts and over time", () => {
  it("when the API restarts, then a session revoked before is still rejected (the list is loaded from the store)", async () => {
    const first = await startTestApp();
    apps.push(first);
    const user = await registerUser(first);
    await first.http.post(apiPaths.logout).set(cookie(user.refreshToken)).expect(204);
    await first.deps.database.close();

    const restarted = await startTestApp({
      env: {
        DATABASE_URL: first.config.databaseUrl,
        DATA_DIR: first.dir,
        JWT_SECRET: first.config.jwt.secret!,
      },
    });
    apps.push(restarted);
    const res = await restarted.http.get(apiPaths.profile).set(bearer(user.accessToken));
    expect(res.body.code).toBe("token_revoked");
  });

  it("when revoked sessions outlive every token they could match, then maintenance deletes them and prunes the list", async () => {
    let offset = 0;
    const app = await startTestApp({
      env: { ACCESS_TOKEN_TTL: "60s" },
      overrides: { now: () => Date.now() + offset },
    });
    apps.push(app);
    const user = await registerUser(app);
    await app.http.post(apiPaths.logout).set(cookie(user.refreshToken)).expect(204);
    expect(app.deps.revocations.size).toBe(1);

    expect(await app.maintain()).toEqual({ sessionsDeleted: 0, revocationsPruned: 0 });
    offset = 2 * 60_000;
    expect(await app.maintain()).toEqual({ sessionsDeleted: 1, revocationsPruned: 1 });
    const rows = await app.deps.database.db
      .selectFrom("refresh_tokens")
      .select("token_hash")
      .execute();
    expect(rows).toEqual([]);
  });

  it("when a family's lifetime is over, then its refresh token stops working and maintenance deletes it", async () => {
    let offset = 0;
    const app = await startTestApp({
      env: { REFRESH_TOKEN_TTL: "1h" },
      overrides: { now: () => Date.now() + offset },
    });
    apps.push(app);
    const user = await registerUser(app);
    offset = 61 * 60_000;
    const res = await app.http.post(apiPaths.refresh).set(cookie(user.refreshToken));
    expect(res.status).toBe(401);
    expect((await app.maintain()).sessionsDeleted).toBe(1);
  });
});

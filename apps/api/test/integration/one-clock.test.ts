import { apiPaths } from "@jwt-auth/shared";
import { afterEach, describe, expect, it } from "vitest";
import {
  bearer,
  cookie,
  registerUser,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from "../support/test-app.js";

/**
 * Everything that reads the time reads the app's one clock: jsonwebtoken's `exp`, the
 * verified-token cache, revocation pruning, rate-limit windows and `Retry-After`. A test
 * that moves the clock therefore sees a state production can reach.
 */

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("one clock", () => {
  it("when a revoked token's revocation is pruned by maintenance later on, then the token is refused as expired, never accepted again", async () => {
    let now = Date.now();
    app = await startTestApp({ overrides: { now: () => now } });
    const user = await registerUser(app);
    // Verified once, so the verified-token cache holds it.
    await app.http.get(apiPaths.profile).set(bearer(user.accessToken)).expect(200);
    await app.http.post(apiPaths.logout).set(cookie(user.refreshToken)).expect(204);
    const revoked = await app.http.get(apiPaths.profile).set(bearer(user.accessToken));
    expect(revoked.body.code).toBe("token_revoked");

    now += app.config.accessTokenTtlSeconds * 1000 + 2 * 60_000;
    const { revocationsPruned } = await app.maintain();
    expect(revocationsPruned).toBeGreaterThanOrEqual(1);

    const later = await app.http.get(apiPaths.profile).set(bearer(user.accessToken));
    expect(later.status).toBe(401);
    expect(later.body.code).toBe("token_expired");
  });

  it("when the clock moves past a token's exp, then it expires by that clock, cached or not", async () => {
    let now = Date.now();
    app = await startTestApp({ overrides: { now: () => now } });
    const user = await registerUser(app);
    await app.http.get(apiPaths.profile).set(bearer(user.accessToken)).expect(200);
    now += app.config.accessTokenTtlSeconds * 1000;
    const res = await app.http.get(apiPaths.profile).set(bearer(user.accessToken));
    expect(res.body.code).toBe("token_expired");
  });

  it("when a rate-limit window ends by the app's clock, then the budget is back, and Retry-After counts on that clock", async () => {
    let now = Date.now();
    app = await startTestApp({
      env: { RATE_LIMIT: "on" },
      overrides: {
        now: () => now,
        rateLimits: { policies: { loginByIp: { windowMs: 10 * 60_000, limit: 2 } } },
      },
    });
    const attempt = () =>
      app!.http.post(apiPaths.login).send({ email: uniqueEmail(), password: "not the password" });
    await attempt().expect(401);
    await attempt().expect(401);
    now += 4 * 60_000;
    const limited = await attempt().expect(429);
    expect(Number(limited.headers["retry-after"])).toBe(6 * 60);

    now += 6 * 60_000;
    await attempt().expect(401);
  });
});

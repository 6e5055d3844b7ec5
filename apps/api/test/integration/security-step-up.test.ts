import { apiPaths } from "@jwt-auth/shared";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  cookie,
  refreshCookieOf,
  registerUser,
  startTestApp,
  type TestApp,
} from "../support/test-app.js";

let now = Date.now();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { REAUTH_MAX_AGE: "10m" }, overrides: { now: () => now } });
});
afterAll(async () => {
  await app.close();
});

const claimsOf = (token: string) => jwt.decode(token) as Record<string, unknown>;
const exportData = (token: string) => app.http.get(apiPaths.exportData).set(bearer(token));
const reauthenticate = (token: string, body: unknown) =>
  app.http
    .post(apiPaths.reauthenticate)
    .set(bearer(token))
    .send(body as object);

describe("step-up before dangerous actions", () => {
  it("when the sign-in is older than REAUTH_MAX_AGE, then a fresh route answers 401 reauthentication_required with the RFC 9470 challenge", async () => {
    const user = await registerUser(app);
    await exportData(user.accessToken).expect(200);

    now += 11 * 60_000;
    const refreshed = await app.http
      .post(apiPaths.refresh)
      .set(cookie(user.refreshToken))
      .expect(200);
    const res = await exportData(refreshed.body.accessToken);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("reauthentication_required");
    expect(res.headers["www-authenticate"]).toBe(
      'Bearer realm="api", error="insufficient_user_authentication", max_age=600',
    );
    // Not fresh is not logged out: ordinary routes still work.
    await app.http.get(apiPaths.profile).set(bearer(refreshed.body.accessToken)).expect(200);
  });

  it("when the user re-authenticates with the password, then a new token of the same session has a fresh auth_time and the fresh route works", async () => {
    const user = await registerUser(app);
    const signedIn = claimsOf(user.accessToken);
    now += 30 * 60_000;
    const refreshed = await app.http
      .post(apiPaths.refresh)
      .set(cookie(user.refreshToken))
      .expect(200);
    const stale = refreshed.body.accessToken as string;
    expect((await exportData(stale)).body.code).toBe("reauthentication_required");

    const res = await reauthenticate(stale, { password: user.password }).expect(200);
    const claims = claimsOf(res.body.accessToken);
    expect(claims.sid).toBe(signedIn.sid);
    expect(claims.auth_time).toBe(Math.floor(now / 1000));
    expect(claims.amr).toEqual(["pwd"]);
    expect(res.body.user.id).toBe(user.id);
    await exportData(res.body.accessToken).expect(200);

    // The session row keeps the new auth_time: the next refresh carries it.
    now += 60_000;
    const later = await app.http
      .post(apiPaths.refresh)
      .set(cookie(refreshCookieOf(refreshed.headers["set-cookie"])!))
      .expect(200);
    expect(claimsOf(later.body.accessToken).auth_time).toBe(claims.auth_time);

    const events = await app.http.get(apiPaths.activity).set(bearer(res.body.accessToken));
    expect(events.body.events[0].type).toBe("reauthenticated");
  });

  it("when the password is wrong, then it answers 401 invalid_credentials and no token", async () => {
    const user = await registerUser(app);
    const res = await reauthenticate(user.accessToken, { password: "not the password" });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_credentials");
    expect(res.body.accessToken).toBeUndefined();
  });

  it("when a code is sent and no second factor can check it, then it answers 401 invalid_mfa_code", async () => {
    const user = await registerUser(app);
    const res = await reauthenticate(user.accessToken, { code: "123456" });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_mfa_code");
  });

  it("when the body has neither or both of password and code, then it answers 400 validation_failed", async () => {
    const user = await registerUser(app);
    for (const body of [{}, { password: "x", code: "123456" }, { password: "" }]) {
      const res = await reauthenticate(user.accessToken, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("validation_failed");
    }
  });

  it("when there is no access token or its session has ended, then it answers 401", async () => {
    const user = await registerUser(app);
    const none = await app.http.post(apiPaths.reauthenticate).send({ password: user.password });
    expect(none.status).toBe(401);
    await app.http.post(apiPaths.logout).set(cookie(user.refreshToken)).expect(204);
    const ended = await reauthenticate(user.accessToken, { password: user.password });
    expect(ended.status).toBe(401);
    expect(ended.body.code).toBe("token_revoked");
  });
});

describe("step-up is rate limited", () => {
  it("when wrong passwords keep coming, then it answers 429 rate_limited with Retry-After", async () => {
    const limited = await startTestApp({
      env: { RATE_LIMIT: "on" },
      overrides: { rateLimits: { policies: { loginByAccount: { windowMs: 60_000, limit: 3 } } } },
    });
    try {
      const user = await registerUser(limited);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.http
          .post(apiPaths.reauthenticate)
          .set(bearer(user.accessToken))
          .send({ password: "not the password" });
        statuses.push(res.status);
        if (res.status === 429) expect(res.headers["retry-after"]).toBeDefined();
      }
      expect(statuses).toContain(429);
    } finally {
      await limited.close();
    }
  });
});

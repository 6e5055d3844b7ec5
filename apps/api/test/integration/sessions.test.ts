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

let clockOffset = 0;
let app: TestApp;
beforeAll(async () => {
  // A clock the tests can move forward, to step past the reuse grace window.
  app = await startTestApp({ overrides: { now: () => Date.now() + clockOffset } });
});
afterAll(async () => {
  await app.close();
});

const refresh = (token: string) => app.http.post(apiPaths.refresh).set(cookie(token));
const profile = (token: string) => app.http.get(apiPaths.profile).set(bearer(token));

describe("POST /api/auth/refresh", () => {
  it("when the cookie is valid, then it answers a new access token and rotates the cookie", async () => {
    const user = await registerUser(app);
    const res = await refresh(user.refreshToken);

    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    expect(res.body.accessToken).not.toBe(user.accessToken);
    const rotated = refreshCookieOf(res.headers["set-cookie"]);
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(user.refreshToken);
    expect((await profile(res.body.accessToken)).status).toBe(200);
    expect((await refresh(rotated!)).status).toBe(200);
  });

  it("when there is no cookie or an unknown one, then it answers 401 invalid_refresh_token", async () => {
    const none = await app.http.post(apiPaths.refresh);
    const unknown = await refresh("A".repeat(43));
    const garbage = await refresh("not a token");
    for (const res of [none, unknown, garbage]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("invalid_refresh_token");
    }
  });

  it("when a rotated token comes back after the grace window, then the whole family is revoked", async () => {
    const user = await registerUser(app);
    const first = await refresh(user.refreshToken);
    const child = refreshCookieOf(first.headers["set-cookie"])!;
    const second = await refresh(child);
    const newest = refreshCookieOf(second.headers["set-cookie"])!;
    const newestAccess = second.body.accessToken as string;

    clockOffset += 6_000;
    const replay = await refresh(user.refreshToken);

    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe("invalid_refresh_token");
    expect((await refresh(newest)).status).toBe(401);
    const rejected = await profile(newestAccess);
    expect(rejected.status).toBe(401);
    expect(rejected.body.code).toBe("token_revoked");
  });

  it("when the same token is presented again within the grace window, then it gets the same child", async () => {
    const user = await registerUser(app);
    const a = await refresh(user.refreshToken);
    const b = await refresh(user.refreshToken);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(refreshCookieOf(b.headers["set-cookie"])).toBe(refreshCookieOf(a.headers["set-cookie"]));
  });

  it("when 20 requests refresh one token at once, then all succeed with one and the same live child", async () => {
    const user = await registerUser(app);
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(user.refreshToken)));

    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const children = new Set(results.map((r) => refreshCookieOf(r.headers["set-cookie"])));
    expect(children.size).toBe(1);
    const [child] = [...children];
    expect((await refresh(child!)).status).toBe(200);
  });

  it("when a parent is replayed after its child has itself been rotated, then it is reuse even inside the window", async () => {
    const user = await registerUser(app);
    const child = refreshCookieOf((await refresh(user.refreshToken)).headers["set-cookie"])!;
    await refresh(child).expect(200);
    const replay = await refresh(user.refreshToken);
    expect(replay.status).toBe(401);
  });

  it("when the refresh token is sent as a Bearer token, or an access token as the cookie, then both are refused", async () => {
    const user = await registerUser(app);
    const asBearer = await profile(user.refreshToken);
    expect(asBearer.status).toBe(401);
    expect(asBearer.body.code).toBe("token_invalid");
    const asCookie = await refresh(user.accessToken);
    expect(asCookie.status).toBe(401);
    expect(asCookie.body.code).toBe("invalid_refresh_token");
  });
});

describe("POST /api/auth/logout", () => {
  it("when logged in, then it answers 204, clears the cookie and ends the session for both tokens", async () => {
    const user = await registerUser(app);
    const res = await app.http.post(apiPaths.logout).set(cookie(user.refreshToken));

    expect(res.status).toBe(204);
    expect(res.headers["set-cookie"]).toEqual(
      expect.arrayContaining([expect.stringMatching(/^refresh_token=;.*Expires=Thu, 01 Jan 1970/)]),
    );
    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await profile(user.accessToken)).body.code).toBe("token_revoked");
  });

  it("when only the Bearer token is sent, then its session ends", async () => {
    const user = await registerUser(app);
    await app.http.post(apiPaths.logout).set(bearer(user.accessToken)).expect(204);
    expect((await refresh(user.refreshToken)).status).toBe(401);
  });

  it("when the client is already logged out, then it still answers 204", async () => {
    expect((await app.http.post(apiPaths.logout)).status).toBe(204);
    expect((await app.http.post(apiPaths.logout).set(cookie("B".repeat(43)))).status).toBe(204);
  });

  it("when one session logs out, then the user's other sessions keep working", async () => {
    const user = await registerUser(app);
    const other = await login(app, user.email, user.password);
    await app.http.post(apiPaths.logout).set(cookie(user.refreshToken)).expect(204);
    expect((await profile(other.accessToken)).status).toBe(200);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });
});

describe("POST /api/auth/logout-all", () => {
  it("when called, then every session of the user ends and a login right after works", async () => {
    const user = await registerUser(app);
    const laptop = await login(app, user.email, user.password);
    const stranger = await registerUser(app);

    await app.http.post(apiPaths.logoutAll).set(bearer(user.accessToken)).expect(204);

    expect((await profile(user.accessToken)).body.code).toBe("token_revoked");
    expect((await profile(laptop.accessToken)).body.code).toBe("token_revoked");
    expect((await refresh(laptop.refreshToken)).status).toBe(401);
    expect((await profile(stranger.accessToken)).status).toBe(200);
    const fresh = await login(app, user.email, user.password);
    expect((await profile(fresh.accessToken)).status).toBe(200);
  });

  it("when there is no token, then it answers 401", async () => {
    const res = await app.http.post(apiPaths.logoutAll);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_missing");
  });
});

describe("POST /api/user/password", () => {
  it("when the current password is right, then the password changes and only the other sessions end", async () => {
    const user = await registerUser(app, { password: "old password 1" });
    const phone = await login(app, user.email, user.password);

    await app.http
      .post(apiPaths.password)
      .set(bearer(user.accessToken))
      .send({ currentPassword: "old password 1", newPassword: "new password 2" })
      .expect(204);

    expect((await profile(user.accessToken)).status).toBe(200);
    expect((await refresh(user.refreshToken)).status).toBe(200);
    expect((await profile(phone.accessToken)).body.code).toBe("token_revoked");
    expect((await refresh(phone.refreshToken)).status).toBe(401);
    await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: "old password 1" })
      .expect(401);
    await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: "new password 2" })
      .expect(200);
  });

  it("when the current password is wrong, then it answers 401 invalid_credentials and nothing changes", async () => {
    const user = await registerUser(app);
    const res = await app.http
      .post(apiPaths.password)
      .set(bearer(user.accessToken))
      .send({ currentPassword: "not it at all", newPassword: "new password 2" });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_credentials");
    await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: user.password })
      .expect(200);
  });

  it("when the new password breaks the rules, then it answers 400 validation_failed", async () => {
    const user = await registerUser(app);
    const res = await app.http
      .post(apiPaths.password)
      .set(bearer(user.accessToken))
      .send({ currentPassword: user.password, newPassword: "short" });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors)).toEqual(["newPassword"]);
  });
});

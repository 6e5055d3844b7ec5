import { apiPaths, pathTo } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  cookie,
  login,
  registerUser,
  startTestApp,
  type TestApp,
} from "../support/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { TRUST_PROXY: "1" } });
});
afterAll(async () => {
  await app.close();
});

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const sessionOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sid as string;

const list = (token: string) => app.http.get(apiPaths.sessions).set(bearer(token));
const revoke = (token: string, id: string) =>
  app.http.delete(pathTo(apiPaths.session, { id: id })).set(bearer(token));
const profile = (token: string) => app.http.get(apiPaths.profile).set(bearer(token));

describe("GET /api/user/sessions", () => {
  it("when a user has signed in on two devices, then both are listed, most recent first, with address, user agent, browser and OS", async () => {
    const user = await registerUser(app);
    const phone = await app.http
      .post(apiPaths.login)
      .set("User-Agent", FIREFOX)
      .set("X-Forwarded-For", "198.51.100.7")
      .send({ email: user.email, password: user.password })
      .expect(200);

    const res = await list(phone.body.accessToken).expect(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.body.sessions).toHaveLength(2);
    const [first, second] = res.body.sessions;
    expect(first).toMatchObject({
      id: sessionOf(phone.body.accessToken),
      current: true,
      ip: "198.51.100.7",
      userAgent: FIREFOX,
      browser: "Firefox 128",
      os: "Linux",
    });
    expect(second).toMatchObject({ id: sessionOf(user.accessToken), current: false });
    for (const session of res.body.sessions) {
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.parse(session.createdAt));
      expect(Date.parse(session.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(session.createdAt));
    }
  });

  it("when a session has ended, then it is not listed", async () => {
    const user = await registerUser(app);
    const other = await login(app, user.email, user.password);
    await app.http.post(apiPaths.logout).set(cookie(other.refreshToken)).expect(204);
    const res = await list(user.accessToken).expect(200);
    expect(res.body.sessions.map((s: { id: string }) => s.id)).toEqual([
      sessionOf(user.accessToken),
    ]);
  });

  it("when there is no token, then it answers 401", async () => {
    const res = await app.http.get(apiPaths.sessions);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_missing");
  });
});

describe("DELETE /api/user/sessions/{id}", () => {
  it("when a user revokes another of their sessions, then its refresh token and its already-verified access token stop at once", async () => {
    const user = await registerUser(app);
    const other = await login(app, user.email, user.password);
    // The other device's token is verified once, so it sits in the verified-token cache.
    await profile(other.accessToken).expect(200);

    await revoke(user.accessToken, sessionOf(other.accessToken)).expect(204);

    const refused = await profile(other.accessToken);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe("token_revoked");
    const refresh = await app.http.post(apiPaths.refresh).set(cookie(other.refreshToken));
    expect(refresh.status).toBe(401);
    expect(refresh.body.code).toBe("invalid_refresh_token");
    await profile(user.accessToken).expect(200);
  });

  it("when the id is another user's session, an ended one or unknown, then it answers 404 not_found and changes nothing", async () => {
    const alice = await registerUser(app);
    const mallory = await registerUser(app);
    const ended = await login(app, alice.email, alice.password);
    await revoke(alice.accessToken, sessionOf(ended.accessToken)).expect(204);

    for (const id of [sessionOf(alice.accessToken), sessionOf(ended.accessToken), "no-such-id"]) {
      const res = await revoke(mallory.accessToken, id);
      expect(res.status).toBe(404);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe("not_found");
    }
    const again = await revoke(alice.accessToken, sessionOf(ended.accessToken));
    expect(again.body.code).toBe("not_found");
    await profile(alice.accessToken).expect(200);
  });

  it("when the id is too long, then it answers 400 validation_failed", async () => {
    const user = await registerUser(app);
    const res = await revoke(user.accessToken, "x".repeat(65));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
  });

  it("when a user revokes their own current session, then that token stops working too", async () => {
    const user = await registerUser(app);
    await revoke(user.accessToken, sessionOf(user.accessToken)).expect(204);
    expect((await profile(user.accessToken)).body.code).toBe("token_revoked");
  });
});

describe("POST /api/user/sessions/revoke-others", () => {
  it("when called, then every other session ends and the calling one stays", async () => {
    const user = await registerUser(app);
    const others = [
      await login(app, user.email, user.password),
      await login(app, user.email, user.password),
    ];
    for (const other of others) await profile(other.accessToken).expect(200);

    await app.http.post(apiPaths.revokeOtherSessions).set(bearer(user.accessToken)).expect(204);

    for (const other of others)
      expect((await profile(other.accessToken)).body.code).toBe("token_revoked");
    await profile(user.accessToken).expect(200);
    const res = await list(user.accessToken).expect(200);
    expect(res.body.sessions).toHaveLength(1);
  });
});

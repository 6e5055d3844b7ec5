import { apiPaths, pathTo } from "@jwt-auth/shared";
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

/** Logs the registered user in a second time: the "other device" whose session ends. */
async function twoDevices() {
  const user = await registerUser(app);
  const other = await login(app, user.email, user.password);
  return { user, other };
}

describe("POST /api/auth/refresh: why a refused refresh token's session ended", () => {
  it("when the user logged out of all devices, then the other device's refresh says logout_all", async () => {
    const { user, other } = await twoDevices();
    await app.http.post(apiPaths.logoutAll).set(bearer(user.accessToken)).expect(204);

    const res = await refresh(other.refreshToken);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_refresh_token");
    expect(res.body.reason).toBe("logout_all");
  });

  it("when the password was changed elsewhere, then the other device's refresh says password_changed", async () => {
    const { user, other } = await twoDevices();
    await app.http
      .post(apiPaths.password)
      .set(bearer(user.accessToken))
      .send({ currentPassword: user.password, newPassword: "a different passphrase" })
      .expect(204);

    const res = await refresh(other.refreshToken);
    expect(res.body.code).toBe("invalid_refresh_token");
    expect(res.body.reason).toBe("password_changed");
  });

  it("when the session was revoked from the security page, then its refresh says session_revoked", async () => {
    const { user, other } = await twoDevices();
    const sessions = await app.http.get(apiPaths.sessions).set(bearer(user.accessToken));
    const target = (sessions.body.sessions as Array<{ id: string; current: boolean }>).find(
      (s) => !s.current,
    );
    await app.http
      .delete(pathTo(apiPaths.session, { id: target!.id }))
      .set(bearer(user.accessToken))
      .expect(204);

    const res = await refresh(other.refreshToken);
    expect(res.body.code).toBe("invalid_refresh_token");
    expect(res.body.reason).toBe("session_revoked");
  });

  it("when a rotated token is replayed, then the replay and the family's newest token say refresh_reuse", async () => {
    const user = await registerUser(app);
    const rotated = await refresh(user.refreshToken);
    const newest = refreshCookieOf(rotated.headers["set-cookie"])!;

    clockOffset += 6_000;
    const replay = await refresh(user.refreshToken);
    expect(replay.body.code).toBe("invalid_refresh_token");
    expect(replay.body.reason).toBe("refresh_reuse");

    const legitimate = await refresh(newest);
    expect(legitimate.body.code).toBe("invalid_refresh_token");
    expect(legitimate.body.reason).toBe("refresh_reuse");
  });

  it("when the token is unknown, missing or logged out by its own browser, then no reason is given", async () => {
    const user = await registerUser(app);
    await app.http.post(apiPaths.logout).set(cookie(user.refreshToken)).expect(204);

    for (const res of [
      await refresh(user.refreshToken),
      await refresh("A".repeat(43)),
      await app.http.post(apiPaths.refresh),
    ]) {
      expect(res.body.code).toBe("invalid_refresh_token");
      expect(res.body).not.toHaveProperty("reason");
    }
  });
});

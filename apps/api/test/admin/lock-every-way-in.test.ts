import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminServiceOf } from "../../src/app.js";
import { loginThroughProvider, startOidcWorld } from "../support/oidc-world.js";
import { addPasskey } from "../support/add-passkey.js";
import { enableTotp, totpCode } from "../support/totp.js";
import {
  cookie,
  registerUser,
  registerVerifiedUser,
  startTestApp,
  type TestApp,
} from "../support/test-app.js";
import { SHELL } from "./admin-support.js";

/**
 * A lock refuses every way in: they all end in the one sign-in (auth/sign-in.ts), whose
 * `admit` asks for the lock, and the refresh asks too.
 */
const APP_URL = "http://localhost:5999";
let clock = Date.now();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { APP_URL }, overrides: { now: () => clock } });
});
afterAll(() => app?.close());

const lock = (userId: string, until?: number) =>
  adminServiceOf(app.app).lock(SHELL, userId, {
    reason: "Suspicious logins",
    until: until === undefined ? null : new Date(until).toISOString(),
  });

function expectLocked(
  res: { status: number; body: Record<string, unknown> },
  until: string | null,
) {
  expect(res.status).toBe(403);
  expect(res.body).toMatchObject({ code: "account_locked", reason: "Suspicious logins", until });
}

const passwordLogin = (user: { email: string; password: string }) =>
  app.http.post("/api/auth/login").send({ email: user.email, password: user.password });

describe("a locked account", () => {
  it("when the password is right, then the login answers 403 account_locked with the reason and no end", async () => {
    const user = await registerUser(app);
    await lock(user.id);
    const res = await passwordLogin(user);
    expectLocked(res, null);
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("when the refresh cookie of a session the lock ended comes back, then it answers 403 account_locked and clears it", async () => {
    const user = await registerUser(app);
    await lock(user.id, clock + 3_600_000);
    const res = await app.http.post("/api/auth/refresh").set(cookie(user.refreshToken));
    expectLocked(res, new Date(clock + 3_600_000).toISOString());
    expect(String(res.headers["set-cookie"])).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
  });

  it("when a passkey signs in, then it answers 403 account_locked", async () => {
    const user = await registerVerifiedUser(app);
    const { res: added, device } = await addPasskey(app, user);
    expect(added.status).toBe(201);
    await lock(user.id);
    const login = await app.http.post("/api/auth/passkey/options").expect(200);
    const res = await app.http.post("/api/auth/passkey").send({
      challengeId: login.body.challengeId,
      response: device.authenticate(login.body.options),
    });
    expectLocked(res, null);
  });

  it("when a second step was waiting, then the code step answers 403 account_locked with the reason, and so does the password", async () => {
    const user = await registerVerifiedUser(app);
    const { secret } = await enableTotp(app, user, clock);
    const first = await passwordLogin(user).expect(200);
    await lock(user.id);
    clock += 30_000; // the next code, as the user would type it
    const step = await app.http
      .post("/api/auth/login/mfa")
      .send({ mfaToken: first.body.mfaToken, code: totpCode(secret, clock) });
    expectLocked(step, null);
    expectLocked(await passwordLogin(user), null);
  });

  it("when the lock lands between the code and the session, then the second step answers 403 account_locked", async () => {
    const user = await registerVerifiedUser(app);
    const { secret } = await enableTotp(app, user, clock);
    const first = await passwordLogin(user).expect(200);
    // The lock's columns alone, as a lock committed just after the code checked out would
    // leave them when the step reaches the sign-in (the one place that asks).
    await app.deps.database.db
      .updateTable("users")
      .set({ locked_at: clock, locked_reason: "Suspicious logins", locked_until: null })
      .where("id", "=", user.id)
      .execute();
    clock += 30_000;
    const step = await app.http
      .post("/api/auth/login/mfa")
      .send({ mfaToken: first.body.mfaToken, code: totpCode(secret, clock) });
    expectLocked(step, null);
  });

  it("when the lock's end has passed, then it no longer holds: the login works and the user shows unlocked", async () => {
    const user = await registerUser(app);
    await lock(user.id, clock + 60_000);
    expectLocked(await passwordLogin(user), new Date(clock + 60_000).toISOString());
    clock += 60_000;
    await passwordLogin(user).expect(200);
    expect((await adminServiceOf(app.app).user(user.id)).locked).toBeNull();
  });

  it("when unlocked, then the password signs in again", async () => {
    const user = await registerUser(app);
    await lock(user.id);
    await adminServiceOf(app.app).unlock(SHELL, user.id);
    await passwordLogin(user).expect(200);
  });
});

describe("a locked account at an identity provider's door", () => {
  let world: Awaited<ReturnType<typeof startOidcWorld>>;
  beforeAll(async () => {
    world = await startOidcWorld();
  });
  afterAll(() => world?.close());

  it("when the provider vouches for the user, then the callback sends them to the login page with error=account_locked", async () => {
    const login = `locked-${Math.random().toString(36).slice(2, 10)}`;
    const first = await loginThroughProvider(world, login);
    expect(first.refreshToken).toEqual(expect.any(String));
    const refreshed = await world.app.http
      .post("/api/auth/refresh")
      .set(cookie(first.refreshToken!))
      .expect(200);
    await adminServiceOf(world.app.app).lock(SHELL, refreshed.body.user.id, {
      reason: "Suspicious logins",
    });

    const again = await loginThroughProvider(world, login);
    expect(again.refreshToken).toBeUndefined();
    expect(again.location.pathname).toBe("/login");
    expect(again.location.searchParams.get("error")).toBe("account_locked");
  });
});

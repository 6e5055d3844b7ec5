import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loginThroughProvider, startOidcWorld } from "../support/oidc-world.js";
import { bearer, cookie, registerUser, type TestApp } from "../support/test-app.js";

type World = Awaited<ReturnType<typeof startOidcWorld>>;
let world: World;
let clock = Date.now();

beforeAll(async () => {
  world = await startOidcWorld({}, { overrides: { now: () => clock } });
});
afterAll(() => world.close());
beforeEach(() => {
  clock = Date.now();
});

/** An account made by a first login through the provider: no password, a fresh sign-in. */
async function providerOnlyAccount() {
  const who = `first-${Math.random().toString(36).slice(2, 10)}`;
  const { refreshToken } = await loginThroughProvider(world, who);
  const { body } = await world.app.http
    .post("/api/auth/refresh")
    .set(cookie(refreshToken!))
    .expect(200);
  return { ...body.user, accessToken: body.accessToken as string };
}

const notices = (app: TestApp, userId: string) =>
  app.deps.database.db
    .selectFrom("outbox")
    .select("template")
    .where("user_id", "=", userId)
    .where("template", "=", "password_changed")
    .execute();

describe("an account created through a provider", () => {
  it("when it reads its profile, then hasPassword is false (and true for a registered account)", async () => {
    const account = await providerOnlyAccount();
    const profile = await world.app.http
      .get("/api/user/profile")
      .set(bearer(account.accessToken))
      .expect(200);
    expect(profile.body.hasPassword).toBe(false);

    const registered = await registerUser(world.app);
    const other = await world.app.http
      .get("/api/user/profile")
      .set(bearer(registered.accessToken))
      .expect(200);
    expect(other.body.hasPassword).toBe(true);
  });

  it("when it lists its sessions, then each says it signed in through a provider (a password login says password)", async () => {
    const account = await providerOnlyAccount();
    const sessions = await world.app.http
      .get("/api/user/sessions")
      .set(bearer(account.accessToken))
      .expect(200);
    expect(sessions.body.sessions.map((s: { signInMethod: string }) => s.signInMethod)).toEqual([
      "provider",
    ]);

    const registered = await registerUser(world.app);
    const theirs = await world.app.http
      .get("/api/user/sessions")
      .set(bearer(registered.accessToken))
      .expect(200);
    expect(theirs.body.sessions[0].signInMethod).toBe("password");
  });

  it("when it sets a first password with newPassword alone, then it can log in with it and gets the notice", async () => {
    const account = await providerOnlyAccount();

    await world.app.http
      .post("/api/user/password")
      .set(bearer(account.accessToken))
      .send({ newPassword: "a brand new passphrase" })
      .expect(204);

    const login = await world.app.http
      .post("/api/auth/login")
      .send({ email: account.email, password: "a brand new passphrase" })
      .expect(200);
    expect(login.body.user.hasPassword).toBe(true);
    expect(await notices(world.app, account.id)).toHaveLength(1);
  });

  it("when its sign-in is not recent, then setting a first password answers 401 reauthentication_required", async () => {
    const account = await providerOnlyAccount();
    clock += 11 * 60_000;

    const res = await world.app.http
      .post("/api/user/password")
      .set(bearer(account.accessToken))
      .send({ newPassword: "a brand new passphrase" })
      .expect(401);

    expect(res.body.code).toBe("reauthentication_required");
    expect(res.headers["www-authenticate"]).toContain('error="insufficient_user_authentication"');
    const profile = await world.app.http.get("/api/user/profile").set(bearer(account.accessToken));
    expect(profile.body.hasPassword).toBe(false);
  });

  it("when the new password is on the common list, then it answers 400 on newPassword", async () => {
    const account = await providerOnlyAccount();
    const res = await world.app.http
      .post("/api/user/password")
      .set(bearer(account.accessToken))
      .send({ newPassword: "password123" })
      .expect(400);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.errors.newPassword).toEqual([expect.any(String)]);
  });
});

describe("an account with a password", () => {
  it("when it sends newPassword without currentPassword, then it answers 400 on currentPassword", async () => {
    const user = await registerUser(world.app);
    const res = await world.app.http
      .post("/api/user/password")
      .set(bearer(user.accessToken))
      .send({ newPassword: "a brand new passphrase" })
      .expect(400);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.errors).toEqual({ currentPassword: ["Current password is required"] });
  });

  it("when it sends a wrong current password, then it answers 401 invalid_credentials", async () => {
    const user = await registerUser(world.app);
    const res = await world.app.http
      .post("/api/user/password")
      .set(bearer(user.accessToken))
      .send({ currentPassword: "not the password", newPassword: "a brand new passphrase" })
      .expect(401);
    expect(res.body.code).toBe("invalid_credentials");
  });

  it("when it changes its password, then the notice is queued", async () => {
    const user = await registerUser(world.app);
    await world.app.http
      .post("/api/user/password")
      .set(bearer(user.accessToken))
      .send({ currentPassword: user.password, newPassword: "a brand new passphrase" })
      .expect(204);
    expect(await notices(world.app, user.id)).toHaveLength(1);
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  cookie,
  login,
  registerUser,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from "../support/test-app.js";
import { linkTokensFor, mailTo, waitForLink } from "./mailbox.js";

describe("forgot and reset password", () => {
  let app: TestApp;
  let clockOffset = 0;

  beforeAll(async () => {
    app = await startTestApp({ overrides: { now: () => Date.now() + clockOffset } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const forgot = (email: unknown) => app.http.post(apiPaths.passwordForgot).send({ email });
  const reset = (token: unknown, newPassword: unknown) =>
    app.http.post(apiPaths.passwordReset).send({ token, newPassword });
  const resetLinkOf = async (email: string, count = 1) => {
    await forgot(email).expect(202);
    return waitForLink(app, email, "reset-password", count);
  };

  it("when the address is known or unknown, then the answer is the same and only the account gets mail", async () => {
    const user = await registerUser(app);
    const stranger = uniqueEmail("nobody");

    const unknown = await forgot(stranger).expect(202);
    const known = await forgot(user.email).expect(202);

    for (const header of ["content-type", "content-length", "cache-control"])
      expect(known.headers[header], header).toEqual(unknown.headers[header]);
    expect(known.text).toBe(unknown.text);
    await waitForLink(app, user.email, "reset-password");
    expect(await mailTo(app, stranger)).toEqual([]);
  });

  it("when the email is not an address, then it answers validation_failed", async () => {
    const res = await forgot("not an email").expect(400);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.errors).toHaveProperty("email");
  });

  it("when the link is spent, then the password changes, every session ends and a notice is mailed", async () => {
    const user = await registerUser(app);
    const otherDevice = await login(app, user.email, user.password);
    const token = await resetLinkOf(user.email);

    await reset(token, "a whole new passphrase").expect(204);

    for (const accessToken of [user.accessToken, otherDevice.accessToken]) {
      const res = await app.http.get(apiPaths.profile).set(bearer(accessToken)).expect(401);
      expect(res.body.code).toBe("token_revoked");
    }
    for (const refreshToken of [user.refreshToken, otherDevice.refreshToken])
      await app.http.post(apiPaths.refresh).set(cookie(refreshToken)).expect(401);
    await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: user.password })
      .expect(401);
    const fresh = await login(app, user.email, "a whole new passphrase");
    const me = await app.http.get(apiPaths.profile).set(bearer(fresh.accessToken)).expect(200);
    expect(me.body.emailVerified).toBe(true);
    const [notice] = await mailTo(app, user.email);
    expect(notice!.subject).toMatch(/^Your password was changed/);
    expect(notice!.text).toContain("If this wasn't you");
  });

  it("when a link is spent twice, then the second time answers invalid_link", async () => {
    const user = await registerUser(app);
    const token = await resetLinkOf(user.email);
    await reset(token, "first new passphrase").expect(204);

    expect((await reset(token, "second new passphrase").expect(400)).body.code).toBe(
      "invalid_link",
    );
  });

  it("when a newer link is asked for, then the older one is dead", async () => {
    const user = await registerUser(app);
    const older = await resetLinkOf(user.email);
    const newer = await resetLinkOf(user.email, 2);

    expect((await reset(older, "older link passphrase").expect(400)).body.code).toBe(
      "invalid_link",
    );
    await reset(newer, "newer link passphrase").expect(204);
  });

  it("when the link is older than PASSWORD_RESET_TTL, then it answers invalid_link", async () => {
    const user = await registerUser(app);
    const token = await resetLinkOf(user.email);
    clockOffset += app.config.passwordResetTtlSeconds * 1000 + 1000;
    try {
      expect((await reset(token, "too late passphrase").expect(400)).body.code).toBe(
        "invalid_link",
      );
    } finally {
      clockOffset = 0;
    }
  });

  it("when the token is tampered with or meant for another purpose, then it answers invalid_link", async () => {
    const user = await registerUser(app);
    const token = await resetLinkOf(user.email);
    const verifyToken = (await linkTokensFor(app, user.email, "verify-email"))[0]!;
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;

    for (const bad of [flipped, verifyToken, "x"]) {
      expect((await reset(bad, "a fine passphrase").expect(400)).body.code, bad).toBe(
        "invalid_link",
      );
    }
    await reset(token, "a fine passphrase").expect(204);
  });

  it("when the new password is refused, then it answers validation_failed and the link still works", async () => {
    const user = await registerUser(app);
    const token = await resetLinkOf(user.email);

    for (const weak of ["short", user.email]) {
      const res = await reset(token, weak).expect(400);
      expect(res.body.code).toBe("validation_failed");
      expect(res.body.errors).toHaveProperty("newPassword");
    }
    await reset(token, "finally a good passphrase").expect(204);
  });

  it("when the email changed after the link was sent, then the link is dead", async () => {
    const user = await registerUser(app);
    const token = await resetLinkOf(user.email);
    const newEmail = uniqueEmail("moved");
    await app.http
      .post(apiPaths.changeEmail)
      .set(bearer(user.accessToken))
      .send({ newEmail })
      .expect(202);
    const confirm = await waitForLink(app, newEmail, "confirm-email");
    await app.http.post(apiPaths.emailConfirm).send({ token: confirm }).expect(200);

    expect((await reset(token, "a fine passphrase").expect(400)).body.code).toBe("invalid_link");
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, login, registerUser, startTestApp, type TestApp } from "../support/test-app.js";
import { linkTokensFor, mailTo, waitForLink } from "./mailbox.js";

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

describe("verify email", () => {
  let app: TestApp;
  let clockOffset = 0;

  beforeAll(async () => {
    app = await startTestApp({ overrides: { now: () => Date.now() + clockOffset } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const verify = (token: unknown) => app.http.post(apiPaths.verifyEmail).send({ token });
  const profile = (accessToken: string) =>
    app.http.get(apiPaths.profile).set(bearer(accessToken)).expect(200);

  it("when a user registers, then a link is mailed and spending it verifies the email", async () => {
    const user = await registerUser(app);
    expect((await profile(user.accessToken)).body.emailVerified).toBe(false);
    expect(claimsOf(user.accessToken).email_verified).toBe(false);
    const [message] = await mailTo(app, user.email);
    expect(message!.subject).toMatch(/^Verify your email address/);
    expect(message!.text).toContain(`${app.config.appUrl}/verify-email#token=`);

    const token = await waitForLink(app, user.email, "verify-email");
    const res = await verify(token).expect(200);

    expect(res.body).toMatchObject({ id: user.id, email: user.email, emailVerified: true });
    expect((await profile(user.accessToken)).body.emailVerified).toBe(true);
    const again = await login(app, user.email, user.password);
    expect(claimsOf(again.accessToken).email_verified).toBe(true);
  });

  it("when a link is spent twice, then the second time answers invalid_link", async () => {
    const user = await registerUser(app);
    const token = await waitForLink(app, user.email, "verify-email");
    await verify(token).expect(200);

    const res = await verify(token).expect(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe("invalid_link");
  });

  it("when a link is resent, then the older one is dead and the new one works", async () => {
    const user = await registerUser(app);
    const older = await waitForLink(app, user.email, "verify-email");

    await app.http.post(apiPaths.verifyEmailResend).set(bearer(user.accessToken)).expect(202);
    const newer = await waitForLink(app, user.email, "verify-email", 2);

    expect(newer).not.toBe(older);
    expect((await verify(older).expect(400)).body.code).toBe("invalid_link");
    await verify(newer).expect(200);
  });

  it("when the email is already verified, then a resend answers 202 and mails nothing", async () => {
    const user = await registerUser(app);
    await verify(await waitForLink(app, user.email, "verify-email")).expect(200);

    await app.http.post(apiPaths.verifyEmailResend).set(bearer(user.accessToken)).expect(202);
    expect(await linkTokensFor(app, user.email, "verify-email")).toHaveLength(1);
  });

  it("when a resend comes without a token, then it answers 401", async () => {
    const res = await app.http.post(apiPaths.verifyEmailResend).expect(401);
    expect(res.body.code).toBe("token_missing");
  });

  it("when a link is older than EMAIL_VERIFICATION_TTL, then it answers invalid_link", async () => {
    const user = await registerUser(app);
    const token = await waitForLink(app, user.email, "verify-email");
    clockOffset += app.config.emailVerificationTtlSeconds * 1000 + 1000;
    try {
      expect((await verify(token).expect(400)).body.code).toBe("invalid_link");
    } finally {
      clockOffset = 0;
    }
  });

  it("when a token is tampered with, unknown, foreign or malformed, then it answers invalid_link", async () => {
    const user = await registerUser(app);
    const token = await waitForLink(app, user.email, "verify-email");
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    await app.http.post(apiPaths.passwordForgot).send({ email: user.email }).expect(202);
    const resetToken = await waitForLink(app, user.email, "reset-password");

    for (const bad of [flipped, "A".repeat(43), "not-a-token", resetToken]) {
      const res = await verify(bad).expect(400);
      expect(res.body.code, bad).toBe("invalid_link");
    }
    // None of those spent the real link.
    await verify(token).expect(200);
  });

  it("when housekeeping runs after links expire, then their rows are gone", async () => {
    const user = await registerUser(app);
    await waitForLink(app, user.email, "verify-email");
    const rowsOf = () =>
      app.deps.database.db
        .selectFrom("link_tokens")
        .select("token_hash")
        .where("user_id", "=", user.id)
        .execute();
    expect(await rowsOf()).toHaveLength(1);

    clockOffset += app.config.emailVerificationTtlSeconds * 1000 + 1000;
    try {
      await app.maintain();
    } finally {
      clockOffset = 0;
    }
    expect(await rowsOf()).toEqual([]);
  });

  it("when the body has no token, then it answers validation_failed", async () => {
    const res = await app.http.post(apiPaths.verifyEmail).send({}).expect(400);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.errors).toHaveProperty("token");
  });
});

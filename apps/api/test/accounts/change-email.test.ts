import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  login,
  registerUser,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from "../support/test-app.js";
import { mailTo, waitForLink } from "./mailbox.js";

describe("change email", () => {
  let app: TestApp;
  let clockOffset = 0;

  beforeAll(async () => {
    app = await startTestApp({ overrides: { now: () => Date.now() + clockOffset } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const requestChange = (accessToken: string, newEmail: unknown) =>
    app.http.post(apiPaths.changeEmail).set(bearer(accessToken)).send({ newEmail });
  const confirm = (token: unknown) => app.http.post(apiPaths.emailConfirm).send({ token });

  it("when the new address confirms, then the email changes, verified, and the old one was told", async () => {
    const user = await registerUser(app);
    const newEmail = uniqueEmail("moved");

    await requestChange(user.accessToken, newEmail).expect(202);
    const before = await app.http.get(apiPaths.profile).set(bearer(user.accessToken));
    expect(before.body.email).toBe(user.email);
    const [notice] = await mailTo(app, user.email);
    expect(notice!.text).toContain(newEmail);
    expect(notice!.text).toContain("If this wasn't you");

    const res = await confirm(await waitForLink(app, newEmail, "confirm-email")).expect(200);

    expect(res.body).toMatchObject({ id: user.id, email: newEmail, emailVerified: true });
    await login(app, newEmail, user.password);
    await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: user.password })
      .expect(401);
  });

  it("when the login is older than REAUTH_MAX_AGE, then it answers reauthentication_required", async () => {
    const user = await registerUser(app);
    clockOffset += (app.config.reauthMaxAgeSeconds + 5) * 1000;
    try {
      const res = await requestChange(user.accessToken, uniqueEmail()).expect(401);
      expect(res.body.code).toBe("reauthentication_required");
      expect(res.headers["www-authenticate"]).toContain('error="insufficient_user_authentication"');
    } finally {
      clockOffset = 0;
    }
  });

  it("when the new address belongs to another account, then it answers email_taken", async () => {
    const user = await registerUser(app);
    const other = await registerUser(app);
    expect((await requestChange(user.accessToken, other.email).expect(409)).body.code).toBe(
      "email_taken",
    );
  });

  it("when the new address is taken between the request and the confirmation, then confirming answers email_taken", async () => {
    const user = await registerUser(app);
    const newEmail = uniqueEmail("contested");
    await requestChange(user.accessToken, newEmail).expect(202);
    const token = await waitForLink(app, newEmail, "confirm-email");
    await registerUser(app, { email: newEmail });

    expect((await confirm(token).expect(409)).body.code).toBe("email_taken");
    const me = await app.http.get(apiPaths.profile).set(bearer(user.accessToken));
    expect(me.body.email).toBe(user.email);
  });

  it("when the address is not valid or is the current one, then it answers validation_failed", async () => {
    const user = await registerUser(app);
    for (const bad of ["nope", user.email]) {
      const res = await requestChange(user.accessToken, bad).expect(400);
      expect(res.body.code, bad).toBe("validation_failed");
    }
  });

  it("when a confirmation link is spent twice or is not one, then it answers invalid_link", async () => {
    const user = await registerUser(app);
    const newEmail = uniqueEmail("twice");
    await requestChange(user.accessToken, newEmail).expect(202);
    const token = await waitForLink(app, newEmail, "confirm-email");
    const verifyToken = await waitForLink(app, user.email, "verify-email");

    expect((await confirm(verifyToken).expect(400)).body.code).toBe("invalid_link");
    await confirm(token).expect(200);
    expect((await confirm(token).expect(400)).body.code).toBe("invalid_link");
  });

  it("when there is no access token, then it answers 401", async () => {
    await app.http.post(apiPaths.changeEmail).send({ newEmail: uniqueEmail() }).expect(401);
  });
});

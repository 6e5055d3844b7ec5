import { apiPaths } from "@jwt-auth/shared";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForLink } from "../accounts/mailbox.js";
import { bearer, login, registerUser, startTestApp, type TestApp } from "../support/test-app.js";
import { createTestSchema, type TestSchema } from "./test-database.js";
import { waitFor } from "./wait-for.js";

// A password reset on one instance ends the user's sessions on every instance: the other
// one hears it through the revocation feed and refuses the old access tokens.
describe("a password reset with two instances on PostgreSQL", () => {
  let schema: TestSchema;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    // One signing key, as instances behind one load balancer share it.
    const env = { JWT_SECRET: randomBytes(32).toString("base64url") };
    first = await startTestApp({ databaseUrl: schema.url, env });
    second = await startTestApp({ databaseUrl: schema.url, env });
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await schema?.drop();
  });

  it("when the link is spent on one instance, then the other refuses the old tokens", async () => {
    const user = await registerUser(first);
    const elsewhere = await login(second, user.email, user.password);
    await second.http.get(apiPaths.profile).set(bearer(elsewhere.accessToken)).expect(200);

    await first.http.post(apiPaths.passwordForgot).send({ email: user.email }).expect(202);
    const token = await waitForLink(first, user.email, "reset-password");
    await first.http
      .post(apiPaths.passwordReset)
      .send({ token, newPassword: "reset on the first instance" })
      .expect(204);

    await waitFor(
      async () =>
        (await second.http.get(apiPaths.profile).set(bearer(elsewhere.accessToken))).status === 401,
      { what: "the second instance refusing the old access token" },
    );
    const res = await second.http.get(apiPaths.profile).set(bearer(user.accessToken));
    expect(res.body.code).toBe("token_revoked");
    await login(second, user.email, "reset on the first instance");
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { describe, expect, it } from "vitest";
import { waitForLink } from "../accounts/mailbox.js";
import { bearer, login, registerUser } from "../support/test-app.js";
import { twoInstancesOnPostgres } from "./two-instances.js";
import { waitFor } from "./wait-for.js";

// A password reset on one instance ends the user's sessions on every instance: the other
// one hears it through the revocation feed and refuses the old access tokens.
describe("a password reset with two instances on PostgreSQL", () => {
  const instances = twoInstancesOnPostgres();

  it("when the link is spent on one instance, then the other refuses the old tokens", async () => {
    const user = await registerUser(instances.first);
    const elsewhere = await login(instances.second, user.email, user.password);
    await instances.second.http
      .get(apiPaths.profile)
      .set(bearer(elsewhere.accessToken))
      .expect(200);

    await instances.first.http
      .post(apiPaths.passwordForgot)
      .send({ email: user.email })
      .expect(202);
    const token = await waitForLink(instances.first, user.email, "reset-password");
    await instances.first.http
      .post(apiPaths.passwordReset)
      .send({ token, newPassword: "reset on the first instance" })
      .expect(204);

    await waitFor(
      async () =>
        (await instances.second.http.get(apiPaths.profile).set(bearer(elsewhere.accessToken)))
          .status === 401,
      { what: "the second instance refusing the old access token" },
    );
    const res = await instances.second.http.get(apiPaths.profile).set(bearer(user.accessToken));
    expect(res.body.code).toBe("token_revoked");
    await login(instances.second, user.email, "reset on the first instance");
  });
});

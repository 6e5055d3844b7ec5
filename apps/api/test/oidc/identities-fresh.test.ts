import { apiPaths, pathTo } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_ID, providerEnv, startTestProvider } from "../support/oidc-world.js";
import { bearer, registerVerifiedUser, startTestApp, type TestApp } from "../support/test-app.js";

type Provider = Awaited<ReturnType<typeof startTestProvider>>;
let idp: Provider;
let app: TestApp;
let now = Date.UTC(2030, 0, 1);

beforeAll(async () => {
  idp = await startTestProvider();
  app = await startTestApp({ env: providerEnv(idp.issuer), overrides: { now: () => now } });
});
afterAll(async () => {
  await app.close();
  await idp.close();
});

describe("linking and unlinking need a fresh login", () => {
  it("when the login is older than REAUTH_MAX_AGE, then link and unlink answer 401 reauthentication_required", async () => {
    const user = await registerVerifiedUser(app);
    now += 11 * 60_000; // the access token (15 min) still works; the login is 11 minutes old

    const link = await app.http
      .post(pathTo(apiPaths.linkIdentity, { provider: PROVIDER_ID }))
      .set(bearer(user.accessToken))
      .expect(401);
    const unlink = await app.http
      .delete(pathTo(apiPaths.identity, { id: "some-id" }))
      .set(bearer(user.accessToken))
      .expect(401);

    for (const res of [link, unlink]) {
      expect(res.body.code).toBe("reauthentication_required");
      expect(res.headers["www-authenticate"]).toContain('error="insufficient_user_authentication"');
    }
    expect(link.headers["set-cookie"]).toBeUndefined();
    await app.http.get(apiPaths.identities).set(bearer(user.accessToken)).expect(200);
  });
});

import { apiPaths, pathTo } from "@jwt-auth/shared";
import { describe, expect, it } from "vitest";
import { waitFor } from "../postgres/wait-for.js";
import {
  APP_URL,
  loginThroughProvider,
  PROVIDER_ID,
  providerEnv,
  startTestProvider,
} from "../support/oidc-world.js";
import { startTestApp } from "../support/test-app.js";

describe("a provider that is down at start-up", () => {
  it("when the provider comes up later, then the app, already serving, picks it up and its login works", async () => {
    // A port that nothing listens on: the provider's own, just closed.
    const gone = await startTestProvider();
    const port = gone.port;
    await gone.close();
    const app = await startTestApp({
      env: providerEnv(`http://127.0.0.1:${port}`),
      overrides: { oidcRetryDelayMs: 50 },
    });
    try {
      await app.http.get(apiPaths.health).expect(200);
      const providers = await app.http.get(apiPaths.providers).expect(200);
      expect(providers.body.providers).toEqual([{ id: PROVIDER_ID, name: "Acme ID" }]);
      const down = await app.http
        .get(pathTo(apiPaths.oidcStart, { provider: PROVIDER_ID }))
        .expect(302);
      expect(down.headers.location).toBe(`${APP_URL}/login?error=oidc_failed`);

      const idp = await startTestProvider({}, port);
      try {
        await waitFor(
          async () =>
            (
              await app.http.get(pathTo(apiPaths.oidcStart, { provider: PROVIDER_ID }))
            ).headers.location?.startsWith(idp.issuer) === true,
          { what: "the provider's discovery", timeoutMs: 10_000 },
        );
        const { refreshToken } = await loginThroughProvider({ app, idp }, "late-riser");
        expect(refreshToken).toBeTruthy();
      } finally {
        await idp.close();
      }
    } finally {
      await app.close();
    }
  });
});

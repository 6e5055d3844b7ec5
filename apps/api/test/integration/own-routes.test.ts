import { apiPaths } from "@jwt-auth/shared";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireAuthOf } from "../../src/app.js";
import { bearer, registerUser, startTestApp, type TestApp } from "../support/test-app.js";

/**
 * An app built on this one adds routes through `extraRoutes`, guarded by the app's own
 * `requireAuth` (requireAuthOf): the same Passport, strategy, cache and revocation list as
 * the API's routes. Passport's per-request helpers stay on the request prototype.
 */
describe("an app's own routes behind requireAuthOf(app)", () => {
  let app: TestApp;
  const own = express.Router();
  let seen: { ownKeys: string[]; authenticated: boolean; userId: string | undefined } | undefined;

  beforeAll(async () => {
    app = await startTestApp({ overrides: { extraRoutes: [own] } });
    own.get("/api/reports", requireAuthOf(app.app), (req, res) => {
      seen = {
        ownKeys: Object.keys(req),
        authenticated: req.isAuthenticated(),
        userId: req.user?.id,
      };
      res.json({ ok: true });
    });
  });
  afterAll(() => app?.close());

  it("when a valid token comes, then the route runs as its user and the request keeps passport's helpers off itself", async () => {
    const user = await registerUser(app);
    const res = await app.http.get("/api/reports").set(bearer(user.accessToken));
    expect(res.status).toBe(200);
    expect(seen?.userId).toBe(user.id);
    expect(seen?.authenticated).toBe(true);
    for (const name of ["login", "logIn", "logout", "logOut", "isAuthenticated", "_sessionManager"])
      expect(seen?.ownKeys).not.toContain(name);
  });

  it("when no token or a revoked one comes, then it is refused like the API's own routes", async () => {
    const user = await registerUser(app);
    expect((await app.http.get("/api/reports")).body.code).toBe("token_missing");
    await app.http.post(apiPaths.logoutAll).set(bearer(user.accessToken)).expect(204);
    const res = await app.http.get("/api/reports").set(bearer(user.accessToken));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_revoked");
  });
});

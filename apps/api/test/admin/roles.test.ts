import express from "express";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminServiceOf, requireAuthOf, requireRole } from "../../src/app.js";
import { bearer, registerUser, startTestApp, type TestApp } from "../support/test-app.js";
import { refresh, registerAdmin, SHELL } from "./admin-support.js";

/**
 * Roles travel in the access token (`roles`), so a role check reads no database; taking a
 * role away refuses the tokens that still claim it at once, and ends no session.
 */
describe("roles and requireRole", () => {
  let app: TestApp;
  const own = express.Router();

  beforeAll(async () => {
    app = await startTestApp({ overrides: { extraRoutes: [own] } });
    // An app's own admin-only route, as docs/administration.md shows it.
    own.get("/api/reports", requireAuthOf(app.app), requireRole("admin"), (req, res) => {
      res.json({ for: req.user!.email });
    });
  });
  afterAll(() => app?.close());

  const rolesOf = (token: string) => (jwt.decode(token) as { roles: string[] }).roles;

  it("when a user registers, then their token's roles claim is [user] and an admin-only route answers 403 forbidden", async () => {
    const user = await registerUser(app);
    expect(rolesOf(user.accessToken)).toEqual(["user"]);
    const res = await app.http.get("/api/reports").set(bearer(user.accessToken));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("forbidden");
    expect((await app.http.get("/api/reports")).body.code).toBe("token_missing");
  });

  it("when admin is granted, then it takes effect at the next refresh and the admin-only route lets them in", async () => {
    const user = await registerUser(app);
    await adminServiceOf(app.app).setRoles(SHELL, user.id, ["admin"]);
    // The token issued before still says what it said: roles reach a token at the refresh.
    expect((await app.http.get("/api/reports").set(bearer(user.accessToken))).status).toBe(403);
    await refresh(app, user);
    expect(rolesOf(user.accessToken)).toEqual(["admin", "user"]);
    const res = await app.http.get("/api/reports").set(bearer(user.accessToken)).expect(200);
    expect(res.body).toEqual({ for: user.email });
  });

  it("when admin is taken away, then the old token is refused at once, the session lives on and a refresh brings [user]", async () => {
    const first = await registerAdmin(app);
    const user = await registerAdmin(app);
    await app.http.get("/api/reports").set(bearer(user.accessToken)).expect(200);
    await app.http.get("/api/admin/users").set(bearer(user.accessToken)).expect(200);

    await app.http
      .put(`/api/admin/users/${user.id}/roles`)
      .set(bearer(first.accessToken))
      .send({ roles: ["user"] })
      .expect(200);

    for (const path of ["/api/reports", "/api/admin/users", "/api/user/profile"]) {
      const res = await app.http.get(path).set(bearer(user.accessToken));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("token_revoked");
    }
    await refresh(app, user);
    expect(rolesOf(user.accessToken)).toEqual(["user"]);
    await app.http.get("/api/user/profile").set(bearer(user.accessToken)).expect(200);
    expect((await app.http.get("/api/reports").set(bearer(user.accessToken))).status).toBe(403);
    const sessions = await app.http.get("/api/user/sessions").set(bearer(user.accessToken));
    expect(sessions.body.sessions).toHaveLength(1);
  });

  it("when admin is taken away and given back, then a token issued after claims it and is accepted", async () => {
    const first = await registerAdmin(app);
    const user = await registerAdmin(app);
    const admin = adminServiceOf(app.app);
    await admin.setRoles(SHELL, user.id, ["user"]);
    await admin.setRoles(SHELL, user.id, ["admin", "user"]);
    await refresh(app, user);
    await app.http.get("/api/reports").set(bearer(user.accessToken)).expect(200);
    await app.http.get("/api/reports").set(bearer(first.accessToken)).expect(200);
  });

  it("when a token claims admin for a user who never had it, then the signature alone lets it through only as far as its claims", async () => {
    // requireRole trusts the verified claims: a token this API did not sign never gets that far.
    const user = await registerUser(app);
    const [header, , signature] = user.accessToken.split(".");
    const claims = { ...(jwt.decode(user.accessToken) as object), roles: ["admin", "user"] };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    const res = await app.http.get("/api/reports").set(bearer(forged));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_invalid");
  });
});

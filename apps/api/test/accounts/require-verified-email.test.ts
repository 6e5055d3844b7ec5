import { apiPaths } from "@jwt-auth/shared";
import express from "express";
import { Passport } from "passport";
import supertest from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJwtStrategy } from "../../src/auth/jwt-strategy.js";
import { createRequireAuth } from "../../src/auth/require-auth.js";
import { requireVerifiedEmail } from "../../src/auth/require-verified-email.js";
import { errorHandler } from "../../src/http/error-handler.js";
import { mountRoutes } from "../../src/http/mount-routes.js";
import { defineRoute } from "../../src/http/route.js";
import { login, registerUser, startTestApp, bearer, type TestApp } from "../support/test-app.js";
import { waitForLink } from "./mailbox.js";

/**
 * An app built on this one guards a route of its own with `requireVerifiedEmail`, as the
 * docs show: declared with the same registry, behind the same bearer check.
 */
describe("requireVerifiedEmail on an app's own route", () => {
  let app: TestApp;
  let sample: ReturnType<typeof supertest>;

  beforeAll(async () => {
    app = await startTestApp();
    const { config, keys, revocations, now } = app.deps;
    const passport = new Passport();
    passport.use(
      "jwt",
      createJwtStrategy({
        keys,
        issuer: config.jwt.issuer,
        audience: config.jwt.audience,
        clockToleranceSeconds: config.jwt.clockToleranceSeconds,
        isRevoked: (sessionId) => revocations.isRevoked(sessionId),
        now,
      }),
    );
    const requireAuth = createRequireAuth(passport);
    const invitations = defineRoute({
      method: "post",
      path: "/api/invitations",
      operationId: "sendInvitation",
      tag: "user",
      summary: "Invite someone",
      description: "Only for verified addresses.",
      auth: "bearer",
      limits: [requireVerifiedEmail],
      responses: { 204: { description: "Sent" } },
      handler: ({ res }) => res.status(204).end(),
    });
    const server = express();
    mountRoutes(server, [invitations], {
      none: [],
      bearer: [requireAuth],
      fresh: [requireAuth],
      "optional-bearer": [],
      "refresh-cookie": [],
    });
    server.use(errorHandler);
    sample = supertest(server);
  });

  afterAll(async () => {
    await app?.close();
  });

  it("when the email is not verified, then the route answers 403 email_not_verified", async () => {
    const user = await registerUser(app);
    const res = await sample.post("/api/invitations").set(bearer(user.accessToken)).expect(403);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe("email_not_verified");
  });

  it("when the email is verified, then a token issued after it passes", async () => {
    const user = await registerUser(app);
    const token = await waitForLink(app, user.email, "verify-email");
    await app.http.post(apiPaths.verifyEmail).send({ token }).expect(200);

    const fresh = await login(app, user.email, user.password);
    await sample.post("/api/invitations").set(bearer(fresh.accessToken)).expect(204);
  });

  it("when there is no token, then the bearer check answers 401 before it", async () => {
    const res = await sample.post("/api/invitations").expect(401);
    expect(res.body.code).toBe("token_missing");
  });
});

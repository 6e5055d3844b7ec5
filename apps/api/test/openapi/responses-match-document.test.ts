import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredRoutes } from "../../src/app.js";
import { documentedResponses } from "../../src/openapi/documented-responses.js";
import {
  bearer,
  cookie,
  login,
  registerUser,
  registerVerifiedUser,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from "../support/test-app.js";
import { enableTotp, totpCode } from "../support/totp.js";
import { checked, expectDocumented, useDocumentedRoutes } from "./expect-documented.js";

/**
 * Real responses of a running app, each checked against the OpenAPI document: the body
 * parsed with the zod schema the document was generated from, the problem code among
 * those listed for its status, the headers it promises.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  useDocumentedRoutes(declaredRoutes(app.app));
});
afterAll(async () => {
  await app.close();
});

const password = "correct horse battery";

describe("auth endpoints, as documented", () => {
  it("when a user registers, logs in, refreshes and logs out, then every answer matches the document", async () => {
    const email = uniqueEmail("doc");
    const registered = await app.http
      .post(apiPaths.register)
      .send({ email, password, name: "Ada" });
    expectDocumented(registered);
    expect(registered.status).toBe(201);

    const loggedIn = await app.http.post(apiPaths.login).send({ email, password });
    expectDocumented(loggedIn);
    const refreshToken = /refresh_token=([^;]+)/.exec(String(loggedIn.headers["set-cookie"]))![1]!;

    const refreshed = await app.http.post(apiPaths.refresh).set(cookie(refreshToken));
    expectDocumented(refreshed);
    expect(refreshed.status).toBe(200);

    const loggedOut = await app.http.post(apiPaths.logout).set(cookie(refreshToken));
    expectDocumented(loggedOut);
    expect(loggedOut.status).toBe(204);
  });

  it("when registration or login fails, then 400, 401, 409, 413 and 415 match the document", async () => {
    const user = await registerUser(app);
    const cases = [
      app.http.post(apiPaths.register).send({ email: "not an email", password: "short", name: "" }),
      app.http.post(apiPaths.register).set("Content-Type", "application/json").send('{"email": '),
      app.http.post(apiPaths.register).send({ email: user.email, password, name: "Twin" }),
      app.http
        .post(apiPaths.register)
        .send({ email: uniqueEmail(), password, name: "x".repeat(200_000) }),
      app.http.post(apiPaths.register).set("Content-Type", "text/plain").send("email=a@b.c"),
      app.http.post(apiPaths.login).send({ email: user.email, password: "wrong password" }),
      app.http.post(apiPaths.refresh),
    ];
    const statuses = [];
    for (const pending of cases) {
      const res = await pending;
      expectDocumented(res);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([400, 400, 409, 413, 415, 401, 401]);
  });

  it("when logout-all is called with and without a token, then 204 and 401 match the document", async () => {
    const user = await registerUser(app);
    const ok = await app.http.post(apiPaths.logoutAll).set(bearer(user.accessToken));
    expectDocumented(ok);
    expect(ok.status).toBe(204);
    const refused = await app.http.post(apiPaths.logoutAll);
    expectDocumented(refused);
    expect(refused.status).toBe(401);
  });
});

describe("user endpoints, as documented", () => {
  it("when the profile is read, renamed and the password changed, then every answer matches the document", async () => {
    const user = await registerUser(app);
    const auth = bearer(user.accessToken);
    const answers = [
      await app.http.get(apiPaths.profile).set(auth),
      await app.http.patch(apiPaths.profile).set(auth).send({ name: "Grace Hopper" }),
      await app.http.patch(apiPaths.profile).set(auth).send({ name: "" }),
      await app.http
        .post(apiPaths.password)
        .set(auth)
        .send({ currentPassword: "not it", newPassword: "another long one" }),
      await app.http
        .post(apiPaths.password)
        .set(auth)
        .send({ currentPassword: user.password, newPassword: "another long one" }),
    ];
    answers.forEach(expectDocumented);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 400, 401, 204]);
    expect(answers[3]!.body.code).toBe("invalid_credentials");
  });

  it("when step-up gets a wrong password, then a password alone with TOTP on, then a wrong code, then each 401 matches the document", async () => {
    const user = await registerVerifiedUser(app);
    const stepUp = (body: object) =>
      app.http.post(apiPaths.reauthenticate).set(bearer(user.accessToken)).send(body);
    const wrongPassword = await stepUp({ password: "not the password at all" });
    const { secret } = await enableTotp(app, user, Date.now());
    const passwordAlone = await stepUp({ password: user.password });
    const right = Number(totpCode(secret, Date.now()));
    const wrongCode = await stepUp({
      code: String((right + 500_000) % 1_000_000).padStart(6, "0"),
    });
    const answers = [wrongPassword, passwordAlone, wrongCode];
    answers.forEach(expectDocumented);
    expect(answers.map((r) => [r.status, r.body.code])).toEqual([
      [401, "invalid_credentials"],
      [401, "mfa_required"],
      [401, "invalid_mfa_code"],
    ]);
  });

  it("when the token is missing, malformed or revoked, then each 401 matches the document", async () => {
    const user = await registerUser(app);
    const { accessToken, refreshToken } = await login(app, user.email, user.password);
    await app.http.post(apiPaths.logout).set(cookie(refreshToken)).expect(204);
    const answers = [
      await app.http.get(apiPaths.profile),
      await app.http.get(apiPaths.profile).set(bearer("not.a.jwt")),
      await app.http.get(apiPaths.profile).set(bearer(accessToken)),
    ];
    answers.forEach(expectDocumented);
    expect(answers.map((r) => r.body.code)).toEqual([
      "token_missing",
      "token_invalid",
      "token_revoked",
    ]);
  });

  it("when the token has expired, then the 401 matches the document", async () => {
    // The app's one clock moves two hours on: the token is past its 15 minutes.
    let now = Date.now();
    const past = await startTestApp({ overrides: { now: () => now } });
    try {
      const user = await registerUser(past);
      now += 2 * 3600_000;
      const res = await past.http.get(apiPaths.profile).set(bearer(user.accessToken));
      expectDocumented(res);
      expect(res.body.code).toBe("token_expired");
    } finally {
      await past.close();
    }
  });
});

describe("meta endpoints and errors outside the routes, as documented", () => {
  it("when health, the document, the docs page and JWKS (HS256) are fetched, then they match the document", async () => {
    const answers = [
      await app.http.get(apiPaths.health),
      await app.http.get(apiPaths.openapi),
      await app.http.get(apiPaths.docs),
      await app.http.get("/.well-known/jwks.json"),
    ];
    answers.forEach(expectDocumented);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 404]);
  });

  it("when the API signs with ES256, then the JWKS matches the document", async () => {
    const es256 = await startTestApp({ env: { JWT_ALGORITHM: "ES256" } });
    try {
      const res = await es256.http.get("/.well-known/jwks.json");
      expectDocumented(res);
      expect(res.status).toBe(200);
      expect(res.body.keys).toHaveLength(1);
    } finally {
      await es256.close();
    }
  });

  it("when the database is gone, then the health 503 matches the document", async () => {
    const broken = await startTestApp();
    await broken.deps.database.close();
    const res = await broken.http.get(apiPaths.health);
    expectDocumented(res);
    expect(res.status).toBe(503);
    await broken.close().catch(() => {});
  });

  it("when a path is unknown or a method not accepted, then 404 and 405 match the document", async () => {
    const answers = [
      await app.http.get("/api/no-such-thing"),
      await app.http.get(apiPaths.login),
      await app.http.delete(apiPaths.profile),
    ];
    answers.forEach(expectDocumented);
    expect(answers.map((r) => r.status)).toEqual([404, 405, 405]);
    expect(answers[2]!.headers.allow).toBe("GET, PATCH");
  });

  it("when a rate limit is hit, then the 429 and its Retry-After match the document", async () => {
    const limited = await startTestApp({
      env: { RATE_LIMIT: "on" },
      overrides: { rateLimits: { policies: { register: { windowMs: 60_000, limit: 1 } } } },
    });
    try {
      await registerUser(limited);
      const res = await limited.http
        .post(apiPaths.register)
        .send({ email: uniqueEmail(), password, name: "Again" });
      expectDocumented(res);
      expect(res.status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe("coverage of the document by these checks", () => {
  it("when all of the above have run, then the success answer of every core operation was checked against the document", () => {
    const core = new Set([
      "register",
      "login",
      "refresh",
      "logout",
      "logoutAll",
      "getProfile",
      "updateProfile",
      "changePassword",
      "health",
      "jwks",
      "openapi",
      "docs",
    ]);
    const routes = declaredRoutes(app.app).filter((o) => core.has(o.operationId));
    expect(routes).toHaveLength(core.size);
    for (const o of routes) {
      const success = Object.keys(documentedResponses(o)).find((s) => Number(s) < 300)!;
      expect(checked, `${o.method} ${o.path} ${success}`).toContain(
        `${o.method} ${o.path} ${success}`,
      );
    }
  });
});

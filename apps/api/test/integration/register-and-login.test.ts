import { apiPaths, AuthResponse, ProblemDetails, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser, startTestApp, uniqueEmail, type TestApp } from "../support/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe("POST /api/auth/register", () => {
  it("when the body is valid, then it answers 201 with an AuthResponse and sets the refresh cookie", async () => {
    const email = uniqueEmail();
    const res = await app.http
      .post(apiPaths.register)
      .send({ email, password: "correct horse battery", name: "Ada" });

    expect(res.status).toBe(201);
    const body = AuthResponse.parse(res.body);
    expect(body.tokenType).toBe("Bearer");
    expect(body.expiresIn).toBe(15 * 60);
    expect(body.user).toEqual({
      id: expect.any(String),
      email,
      name: "Ada",
      emailVerified: false,
      hasPassword: true,
      createdAt: expect.any(String),
    });
    // The profile says whether there is a password (`hasPassword`), never what it is.
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password_hash|"password":/i);
    expect(JSON.stringify(res.body)).not.toContain("correct horse");
    const cookie = (res.headers["set-cookie"] as unknown as string[]).find((c) =>
      c.startsWith(`${REFRESH_COOKIE_NAME}=`),
    )!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  it("when the email is taken in another case or with spaces, then it answers 409 email_taken", async () => {
    const user = await registerUser(app);
    const res = await app.http
      .post(apiPaths.register)
      .send({ email: `  ${user.email.toUpperCase()} `, password: "another password", name: "Eve" });

    expect(res.status).toBe(409);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(ProblemDetails.parse(res.body).code).toBe("email_taken");
  });

  it("when fields are missing or invalid, then it answers 400 validation_failed listing each field", async () => {
    const res = await app.http.post(apiPaths.register).send({ email: "nope", password: "short" });

    expect(res.status).toBe(400);
    const problem = ProblemDetails.parse(res.body);
    expect(problem.code).toBe("validation_failed");
    expect(Object.keys(problem.errors ?? {}).sort()).toEqual(["email", "name", "password"]);
  });

  it("when the body is not JSON, then it answers 415 unsupported_media_type", async () => {
    const res = await app.http
      .post(apiPaths.register)
      .set("Content-Type", "text/plain")
      .send("email=a@b.co");
    expect(res.status).toBe(415);
    expect(res.body.code).toBe("unsupported_media_type");
  });

  it("when the JSON is malformed, then it answers 400 malformed_json without a parser message", async () => {
    const res = await app.http
      .post(apiPaths.register)
      .set("Content-Type", "application/json")
      .send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("malformed_json");
    expect(JSON.stringify(res.body)).not.toMatch(/Unexpected|SyntaxError|position/);
  });

  it("when the body is over 100 kB, then it answers 413 payload_too_large", async () => {
    const res = await app.http
      .post(apiPaths.register)
      .set("Content-Type", "application/json")
      .send(JSON.stringify({ email: "a@b.co", password: "x".repeat(110_000), name: "A" }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe("payload_too_large");
  });
});

describe("POST /api/auth/login", () => {
  it("when the password is right, then it answers 200 with a token for that user", async () => {
    const user = await registerUser(app);
    const res = await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: user.password });

    expect(res.status).toBe(200);
    expect(AuthResponse.parse(res.body).user.id).toBe(user.id);
    expect(res.headers["set-cookie"]).toEqual(
      expect.arrayContaining([expect.stringMatching(/^refresh_token=/)]),
    );
  });

  it("when the email differs only in case, spaces and Unicode form, then it is the same account", async () => {
    const user = await registerUser(app, { email: uniqueEmail("zo\u00eb") });
    const variant = `  ${user.email.normalize("NFD").toUpperCase()}  `;
    const res = await app.http
      .post(apiPaths.login)
      .send({ email: variant, password: user.password });
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
  });

  it("when the email is unknown or the password wrong, then both answers are identical 401 invalid_credentials", async () => {
    const user = await registerUser(app);
    const wrong = await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: "wrong password" });
    const unknown = await app.http
      .post(apiPaths.login)
      .send({ email: uniqueEmail("ghost"), password: "wrong password" });

    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe("invalid_credentials");
    expect(wrong.headers["set-cookie"]).toBeUndefined();
  });

  it("when the password has extra spaces, then it is a different password", async () => {
    const user = await registerUser(app, { password: "exact password" });
    const res = await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: " exact password " });
    expect(res.status).toBe(401);
  });

  it("when the body lacks fields, then it answers 400 validation_failed", async () => {
    const res = await app.http.post(apiPaths.login).send({});
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors).sort()).toEqual(["email", "password"]);
  });
});

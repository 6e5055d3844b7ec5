import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  registerUser,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from "../support/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe("the password policy on register and password change", () => {
  it("when someone registers with a common password, then it answers 400 validation_failed on password saying why, and no account exists", async () => {
    const email = uniqueEmail();
    const res = await app.http
      .post(apiPaths.register)
      .send({ email, password: "Password123", name: "Ada" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.errors.password[0]).toMatch(/most common/);
    const login = await app.http.post(apiPaths.login).send({ email, password: "Password123" });
    expect(login.body.code).toBe("invalid_credentials");
  });

  it("when someone registers with their email as the password, then it is refused", async () => {
    const email = uniqueEmail();
    const res = await app.http
      .post(apiPaths.register)
      .send({ email, password: email.toUpperCase(), name: "Ada" });
    expect(res.status).toBe(400);
    expect(res.body.errors.password).toEqual(["Password must not be your email address"]);
  });

  it("when a user changes to a common password, then it answers 400 on newPassword and the old password still works", async () => {
    const user = await registerUser(app);
    const res = await app.http
      .post(apiPaths.password)
      .set(bearer(user.accessToken))
      .send({ currentPassword: user.password, newPassword: "iloveyou1" });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors)).toEqual(["newPassword"]);
    await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: user.password })
      .expect(200);
  });

  it("when the password is long and uncommon, then nothing else is asked of it", async () => {
    const res = await app.http
      .post(apiPaths.register)
      .send({ email: uniqueEmail(), password: "all lower case words", name: "Ada" });
    expect(res.status).toBe(201);
  });
});

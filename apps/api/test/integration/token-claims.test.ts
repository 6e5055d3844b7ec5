import jwt from "jsonwebtoken";
import { apiPaths, AccessTokenClaims } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cookie,
  refreshCookieOf,
  registerUser,
  startTestApp,
  type TestApp,
} from "../support/test-app.js";

/**
 * The claims a protected route can decide on without a database read: who (`sub`,
 * `email_verified`), which session (`sid`), and when and how the user last proved who
 * they are (`auth_time`, `amr`), which a refresh keeps.
 */

let now = Date.now();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ overrides: { now: () => now } });
});
afterAll(async () => {
  await app.close();
});

const claimsOf = (token: string) => AccessTokenClaims.parse(jwt.decode(token));

describe("access token claims", () => {
  it("when a user registers with a password, then the token says when (auth_time) and how (amr pwd), and that the email is not verified", async () => {
    const user = await registerUser(app);
    const claims = claimsOf(user.accessToken);
    expect(claims.auth_time).toBe(Math.floor(now / 1000));
    expect(claims.amr).toEqual(["pwd"]);
    expect(claims.email_verified).toBe(false);
    expect(claims.sub).toBe(user.id);
  });

  it("when the session is refreshed later, then the new token keeps the session's auth_time and amr", async () => {
    const user = await registerUser(app);
    const signedInAt = Math.floor(now / 1000);
    now += 20 * 60_000;
    const refreshed = await app.http
      .post(apiPaths.refresh)
      .set(cookie(user.refreshToken))
      .expect(200);
    const claims = claimsOf(refreshed.body.accessToken);
    expect(claims.iat).toBe(Math.floor(now / 1000));
    expect(claims.auth_time).toBe(signedInAt);
    expect(claims.amr).toEqual(["pwd"]);
    expect(refreshCookieOf(refreshed.headers["set-cookie"])).toBeDefined();
  });

  it("when a token lacks auth_time, amr or email_verified, then it is refused as token_invalid", async () => {
    const user = await registerUser(app);
    const { auth_time: _at, amr: _amr, email_verified: _ev, ...rest } = claimsOf(user.accessToken);
    const header = JSON.parse(
      Buffer.from(user.accessToken.split(".")[0]!, "base64url").toString(),
    ) as jwt.JwtHeader;
    const forged = jwt.sign(rest, app.config.jwt.secret!, { header });
    const res = await app.http.get(apiPaths.profile).set({ Authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_invalid");
  });
});

import { apiPaths } from "@jwt-auth/shared";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enableTotp, totpCode } from "../support/totp.js";
import { bearer, registerVerifiedUser, startTestApp, type TestApp } from "../support/test-app.js";

/**
 * Step-up with the second factor: `POST /api/auth/reauthenticate { code }` accepts a TOTP
 * code (once) or a backup code (once), renews `auth_time` of the same session and says how
 * in `amr`; a wrong code is `invalid_mfa_code`.
 */

const STEP = 30_000;
let clock = Date.now();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ overrides: { now: () => clock } });
});
afterAll(async () => {
  await app.close();
});

const reauthenticate = (accessToken: string, body: object) =>
  app.http.post(apiPaths.reauthenticate).set(bearer(accessToken)).send(body);

const claimsOf = (token: string) => jwt.decode(token) as Record<string, unknown>;

describe("POST /api/auth/reauthenticate with a code", () => {
  it("when the TOTP code is right, then the same session gets a fresh auth_time with amr otp, and the code works once", async () => {
    const user = await registerVerifiedUser(app);
    const { secret } = await enableTotp(app, user, clock);
    clock += STEP;
    const code = totpCode(secret, clock);

    const res = await reauthenticate(user.accessToken, { code });
    expect(res.status).toBe(200);
    const claims = claimsOf(res.body.accessToken);
    expect(claims.auth_time).toBe(Math.floor(clock / 1000));
    expect(claims.amr).toEqual(expect.arrayContaining(["otp"]));
    expect(claims.sid).toBe(claimsOf(user.accessToken).sid);

    const again = await reauthenticate(res.body.accessToken, { code });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe("invalid_mfa_code");
  });

  it("when a backup code is given, then it works once; a wrong code is invalid_mfa_code", async () => {
    const user = await registerVerifiedUser(app);
    const { backupCodes } = await enableTotp(app, user, clock);
    clock += STEP;

    const wrong = await reauthenticate(user.accessToken, { code: "000000" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe("invalid_mfa_code");

    const first = await reauthenticate(user.accessToken, { code: backupCodes[0] });
    expect(first.status).toBe(200);
    const reused = await reauthenticate(first.body.accessToken, { code: backupCodes[0] });
    expect(reused.body.code).toBe("invalid_mfa_code");
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { Secret, TOTP } from "otpauth";
import { bearer, type RegisteredUser, type TestApp } from "./test-app.js";

/** The code an authenticator app shows for `secret` at `atMs`: the same library, no sleeping. */
export function totpCode(secret: string, atMs: number): string {
  return new TOTP({
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: 6,
    period: 30,
  }).generate({ timestamp: atMs });
}

/** Turns TOTP on for a user through the API; returns the secret and the backup codes. */
export async function enableTotp(
  app: TestApp,
  user: RegisteredUser,
  nowMs: number,
): Promise<{ secret: string; backupCodes: string[] }> {
  const setup = await app.http.post(apiPaths.totpSetup).set(bearer(user.accessToken)).expect(200);
  const secret = setup.body.secret as string;
  const enabled = await app.http
    .post(apiPaths.totpEnable)
    .set(bearer(user.accessToken))
    .send({ code: totpCode(secret, nowMs) })
    .expect(200);
  return { secret, backupCodes: enabled.body.backupCodes as string[] };
}

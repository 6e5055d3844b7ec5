import { Secret, TOTP } from "otpauth";

/**
 * The code an authenticator app would show for `secret`, `stepsAhead` 30-second steps
 * from now. One step ahead is inside the server's allowed drift and is never a step the
 * server has already seen used, so a test never waits for the clock to roll over.
 */
export function totpCode(secret: string, stepsAhead = 0): string {
  const totp = new TOTP({
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: 6,
    period: 30,
  });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

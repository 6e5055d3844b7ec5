import type { PasskeyLoginRequest } from "@jwt-auth/shared";
import { AsyncStrategy } from "./async-strategy.js";

/** RFC 8176: a hardware-bound key, with the user verified on the authenticator. */
export const PASSKEY_AMR = ["hwk", "user"];

/**
 * A WebAuthn assertion as a Passport strategy. passport-fido2-webauthn keeps its challenge
 * in express-session; this app has no server session, so the challenge is a database row
 * named by `challengeId` that any instance can check. `verify` is the passkey service's
 * check (passkeys/passkey-login.ts): the id of the user whose passkey signed.
 */
export function createPasskeyStrategy(
  verify: (challengeId: string, response: PasskeyLoginRequest["response"]) => Promise<string>,
): AsyncStrategy {
  return new AsyncStrategy("passkey", async (req) => {
    const { challengeId, response } = req.body as PasskeyLoginRequest;
    return { userId: await verify(challengeId, response), amr: PASSKEY_AMR };
  });
}

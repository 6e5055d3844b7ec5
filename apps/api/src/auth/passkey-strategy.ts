import type { PasskeyLoginRequest } from "@jwt-auth/shared";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { PASSKEY_AMR, type PasskeyLogin } from "../passkeys/passkey-login.js";
import { AsyncStrategy } from "./async-strategy.js";

/**
 * A WebAuthn assertion as a Passport strategy. passport-fido2-webauthn keeps its challenge
 * in express-session; this app has no server session, so the challenge is a database row
 * named by `challengeId` that any instance can check.
 */
export function createPasskeyStrategy(login: PasskeyLogin): AsyncStrategy {
  return new AsyncStrategy("passkey", async (req) => {
    const { challengeId, response } = req.body as PasskeyLoginRequest;
    const userId = await login.verify(challengeId, response as AuthenticationResponseJSON);
    return { userId, amr: PASSKEY_AMR };
  });
}

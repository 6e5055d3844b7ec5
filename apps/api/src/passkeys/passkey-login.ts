import { randomUUID } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { DomainError } from "../errors/domain-error.js";
import type { PasskeyStore } from "../store/passkey-store.js";
import type { WebauthnChallengeStore } from "../store/webauthn-challenge-store.js";
import { CHALLENGE_TTL_SECONDS } from "./passkey-registration.js";
import { loadWebAuthn, type RelyingParty } from "./relying-party.js";

export interface PasskeyLoginDeps {
  passkeys: PasskeyStore;
  challenges: WebauthnChallengeStore;
  rp: RelyingParty;
  now: () => number;
}

/**
 * Logging in with a passkey: options with an empty allow list (the authenticator offers
 * whichever discoverable credential it has for this site), then the verified assertion.
 * Every failure is the same `invalid_credentials`.
 */
export function createPasskeyLogin(deps: PasskeyLoginDeps) {
  const refuse = () => new DomainError("invalid_credentials");
  return {
    async options(): Promise<{
      challengeId: string;
      options: PublicKeyCredentialRequestOptionsJSON;
    }> {
      const { generateAuthenticationOptions } = await loadWebAuthn();
      const options = await generateAuthenticationOptions({
        rpID: deps.rp.id,
        userVerification: "required",
        allowCredentials: [],
        timeout: CHALLENGE_TTL_SECONDS * 1000,
      });
      const now = deps.now();
      const challengeId = randomUUID();
      await deps.challenges.insert({
        id: challengeId,
        userId: null,
        purpose: "authentication",
        challenge: options.challenge,
        now,
        expiresAt: now + CHALLENGE_TTL_SECONDS * 1000,
      });
      return { challengeId, options };
    },

    /** The id of the user whose passkey signed the challenge. */
    async verify(challengeId: string, presented: unknown): Promise<string> {
      // Shape-checked by the shared schema; the signature check below is the real test.
      const response = presented as AuthenticationResponseJSON;
      const now = deps.now();
      const challenge = await deps.challenges.take(challengeId, "authentication", null, now);
      if (!challenge) throw refuse();
      const passkey = await deps.passkeys.findByCredentialId(response.id);
      if (!passkey) throw refuse();
      const userHandle = response.response.userHandle;
      if (userHandle && Buffer.from(userHandle, "base64url").toString("utf8") !== passkey.user_id) {
        throw refuse();
      }
      const { verifyAuthenticationResponse } = await loadWebAuthn();
      const verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: deps.rp.origin,
        expectedRPID: deps.rp.id,
        requireUserVerification: true,
        credential: {
          id: passkey.credential_id,
          publicKey: new Uint8Array(Buffer.from(passkey.public_key, "base64url")),
          counter: passkey.counter,
          transports: JSON.parse(passkey.transports) as string[],
        },
      }).catch(() => undefined);
      if (!verification?.verified) throw refuse();
      const info = verification.authenticationInfo;
      await deps.passkeys.recordUse(passkey.id, info.newCounter, info.credentialBackedUp, now);
      return passkey.user_id;
    },
  };
}

export type PasskeyLogin = ReturnType<typeof createPasskeyLogin>;

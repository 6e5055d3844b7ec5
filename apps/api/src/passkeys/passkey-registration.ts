import { randomUUID } from "node:crypto";
import type { PasskeySummary } from "@jwt-auth/shared";
import type {
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import type { CredentialEvents } from "../credentials/credential-events.js";

import { CredentialTakenError, type PasskeyStore } from "../store/passkey-store.js";
import type { Db } from "../store/db.js";
import type { UserStore } from "../store/user-store.js";
import type { WebauthnChallengeStore } from "../store/webauthn-challenge-store.js";
import { challengeOf } from "./challenge-of.js";
import { toPasskeySummary } from "./passkey-summary.js";
import { loadWebAuthn, type RelyingParty } from "./relying-party.js";

export const CHALLENGE_TTL_SECONDS = 5 * 60;

export interface PasskeyRegistrationDeps {
  db: Db;
  passkeys: PasskeyStore;
  challenges: WebauthnChallengeStore;
  users: UserStore;
  rp: RelyingParty;
  appName: string;
  credentials: CredentialEvents;
  now: () => number;
}

/** Adding a passkey: options with a stored challenge, then the verified attestation. */
export function createPasskeyRegistration(deps: PasskeyRegistrationDeps) {
  return {
    async options(user: {
      id: string;
      email: string;
      name: string;
    }): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const existing = await deps.passkeys.listOf(user.id);
      const { generateRegistrationOptions } = await loadWebAuthn();
      const options = await generateRegistrationOptions({
        rpName: deps.rp.name,
        rpID: deps.rp.id,
        userName: user.email,
        userDisplayName: user.name,
        // The user handle the authenticator keeps: our user id, so a discoverable
        // credential says whose it is without an email being typed.
        userID: new TextEncoder().encode(user.id),
        attestationType: "none",
        timeout: CHALLENGE_TTL_SECONDS * 1000,
        excludeCredentials: existing.map((p) => ({
          id: p.credential_id,
          transports: JSON.parse(p.transports) as string[],
        })),
        authenticatorSelection: { residentKey: "required", userVerification: "required" },
      });
      const now = deps.now();
      await deps.challenges.insert({
        id: randomUUID(),
        userId: user.id,
        purpose: "registration",
        challenge: options.challenge,
        now,
        expiresAt: now + CHALLENGE_TTL_SECONDS * 1000,
      });
      return options;
    },

    async register(
      user: { id: string },
      response: RegistrationResponseJSON,
      name: string | undefined,
      ctx: RequestContext,
    ): Promise<PasskeySummary> {
      const now = deps.now();
      const challenge = challengeOf(response.response.clientDataJSON);
      if (!challenge || !(await deps.challenges.takeRegistration(user.id, challenge, now))) {
        throw new DomainError("invalid_passkey", "Unknown or expired challenge");
      }
      const { verifyRegistrationResponse } = await loadWebAuthn();
      const verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: deps.rp.origin,
        expectedRPID: deps.rp.id,
        requireUserVerification: true,
      }).catch(() => undefined);
      if (!verification?.verified) throw new DomainError("invalid_passkey");
      const info = verification.registrationInfo;
      const count = (await deps.passkeys.listOf(user.id)).length;
      const row = {
        id: randomUUID(),
        user_id: user.id,
        credential_id: info.credential.id,
        public_key: Buffer.from(info.credential.publicKey).toString("base64url"),
        counter: info.credential.counter,
        transports: JSON.stringify(info.credential.transports ?? []),
        device_type: info.credentialDeviceType,
        backed_up: info.credentialBackedUp ? 1 : 0,
        name: name ?? `Passkey ${count + 1}`,
        created_at: now,
        last_used_at: null,
      };
      try {
        await deps.credentials.commit("passkey_added", {
          userId: user.id,
          context: ctx,
          notice: { passkeyName: row.name },
          change: (trx) => deps.passkeys.insert(trx, row),
        });
      } catch (err) {
        if (err instanceof CredentialTakenError) throw new DomainError("invalid_passkey");
        throw err;
      }
      return toPasskeySummary(row);
    },
  };
}

export type PasskeyRegistration = ReturnType<typeof createPasskeyRegistration>;

import {
  apiPaths,
  PasskeyIdParams,
  PasskeyList,
  PasskeyRegistrationRequest,
  PasskeySummary,
  WebAuthnOptions,
} from "@jwt-auth/shared";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import type { CredentialEvents } from "../credentials/credential-events.js";
import { requestContext } from "../http/request-context.js";
import { requireVerifiedEmail } from "../auth/require-verified-email.js";
import { defineRoute, type Route } from "../http/route.js";
import { emailNotVerified, unavailable } from "../openapi/common-responses.js";
import type { PasskeyRegistration } from "../passkeys/passkey-registration.js";
import { removePasskey } from "../passkeys/passkey-removal.js";
import { toPasskeySummary } from "../passkeys/passkey-summary.js";
import type { PasskeyStore } from "../store/passkey-store.js";
import type { Db } from "../store/db.js";

export interface PasskeyRouteDeps {
  db: Db;
  passkeys: PasskeyStore;
  registration: PasskeyRegistration;
  credentials: CredentialEvents;
  now: () => number;
}

/** The security page's passkeys: add (a WebAuthn registration), list, remove. */
export function passkeyRoutes(deps: PasskeyRouteDeps): Route[] {
  return [
    defineRoute({
      method: "post",
      path: apiPaths.passkeyOptions,
      operationId: "passkeyRegistrationOptions",
      tag: "user",
      summary: "Start adding a passkey",
      description:
        "WebAuthn `PublicKeyCredentialCreationOptionsJSON` for `navigator.credentials.create()`: a discoverable " +
        "credential (resident key) with user verification required, for the relying party of `APP_URL`. Its " +
        "challenge is stored server-side, single use, for 5 minutes.",
      auth: "fresh",
      // Pre-hijacking: nothing may be attached to an address before its owner proved it.
      throttle: [requireVerifiedEmail],
      responses: {
        403: emailNotVerified,
        200: { description: "The creation options.", body: WebAuthnOptions },
        503: unavailable,
      },
      handler: async ({ res, user }) => {
        res.json(await deps.registration.options(user));
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.passkeys,
      operationId: "addPasskey",
      tag: "user",
      summary: "Finish adding a passkey",
      description:
        "Verifies the authenticator's `RegistrationResponseJSON` (challenge, origin, RP ID, user verification) and " +
        "stores the credential's public key, counter and backup flags. A notice is mailed.",
      auth: "fresh",
      // Pre-hijacking: nothing may be attached to an address before its owner proved it.
      throttle: [requireVerifiedEmail],
      body: PasskeyRegistrationRequest,
      responses: {
        403: emailNotVerified,
        201: { description: "The new passkey.", body: PasskeySummary },
        400: {
          description:
            "`invalid_passkey`: the response does not verify, or its challenge is unknown, used or expired.",
          problems: ["invalid_passkey"],
        },
        503: unavailable,
      },
      handler: async ({ req, res, body, user }) => {
        const created = await deps.registration.register(
          user,
          body.response as unknown as RegistrationResponseJSON,
          body.name,
          requestContext(req),
        );
        res.status(201).json(created);
      },
    }),

    defineRoute({
      method: "get",
      path: apiPaths.passkeys,
      operationId: "listPasskeys",
      tag: "user",
      summary: "The user's passkeys",
      description: "Names and dates only: never key material.",
      auth: "bearer",
      responses: {
        200: { description: "The passkeys, oldest first.", body: PasskeyList },
        503: unavailable,
      },
      handler: async ({ res, user }) => {
        res.json({ passkeys: (await deps.passkeys.listOf(user.id)).map(toPasskeySummary) });
      },
    }),

    defineRoute({
      method: "delete",
      path: apiPaths.passkey,
      operationId: "removePasskey",
      tag: "user",
      summary: "Remove a passkey",
      description: "Refused when it is the account's last way to log in.",
      auth: "fresh",
      params: PasskeyIdParams,
      responses: {
        204: { description: "Removed." },
        404: { description: "No such passkey of this user.", problems: ["not_found"] },
        409: {
          description: "`last_credential`: it is the last way to log in.",
          problems: ["last_credential"],
        },
        503: unavailable,
      },
      handler: async ({ req, res, params, user }) => {
        await removePasskey(deps, user.id, params.id, requestContext(req));
        res.status(204).end();
      },
    }),
  ];
}

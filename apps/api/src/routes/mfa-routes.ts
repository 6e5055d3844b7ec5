import {
  apiPaths,
  BackupCodesResponse,
  MfaStatus,
  TotpEnableRequest,
  TotpSetupResponse,
} from "@jwt-auth/shared";
import { requestContext } from "../http/request-context.js";
import { requireVerifiedEmail } from "../auth/require-verified-email.js";
import { defineRoute, type Route } from "../http/route.js";
import { emailNotVerified, unavailable } from "../openapi/common-responses.js";
import type { MfaService } from "../mfa/mfa-service.js";
import { toPasskeySummary } from "../passkeys/passkey-summary.js";
import type { PasskeyStore } from "../store/passkey-store.js";

export interface MfaRouteDeps {
  mfa: MfaService;
  passkeys: PasskeyStore;
}

/** The security page's TOTP controls: status, setup, enable, turn off, new backup codes. */
export function mfaRoutes(deps: MfaRouteDeps): Route[] {
  return [
    defineRoute({
      method: "get",
      path: apiPaths.mfa,
      operationId: "getMfaStatus",
      tag: "user",
      summary: "The user's second factors",
      description: "Whether TOTP is on, how many backup codes are left, and the passkeys.",
      auth: "bearer",
      responses: {
        200: { description: "The second factors.", body: MfaStatus },
        503: unavailable,
      },
      handler: async ({ res, user }) => {
        const [status, passkeys] = await Promise.all([
          deps.mfa.status(user.id),
          deps.passkeys.listOf(user.id),
        ]);
        res.json({ ...status, passkeys: passkeys.map(toPasskeySummary) });
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.totpSetup,
      operationId: "setupTotp",
      tag: "user",
      summary: "Start setting up an authenticator app (TOTP)",
      description:
        "Makes a new secret and answers it with its `otpauth://` URL and a QR code. It stays pending (logins are " +
        "unchanged) until `POST /api/user/mfa/totp/enable` gets a correct code. Stored encrypted.",
      auth: "fresh",
      // Pre-hijacking: nothing may be attached to an address before its owner proved it.
      throttle: [requireVerifiedEmail],
      responses: {
        403: emailNotVerified,
        200: { description: "The pending secret.", body: TotpSetupResponse },
        409: { description: "TOTP is already on.", problems: ["mfa_already_enabled"] },
        503: unavailable,
      },
      handler: async ({ res, user }) => {
        res.json(await deps.mfa.setup(user));
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.totpEnable,
      operationId: "enableTotp",
      tag: "user",
      summary: "Turn TOTP on with the first code",
      description:
        "Checks a code of the pending secret, turns TOTP on and answers 10 single-use backup codes, shown this once. " +
        "A notice is mailed.",
      auth: "fresh",
      // Pre-hijacking: nothing may be attached to an address before its owner proved it.
      throttle: [requireVerifiedEmail],
      body: TotpEnableRequest,
      responses: {
        403: emailNotVerified,
        200: { description: "TOTP is on; the backup codes.", body: BackupCodesResponse },
        400: {
          description: "`invalid_mfa_code`: the code is wrong, or no setup was started.",
          problems: ["invalid_mfa_code"],
        },
        409: { description: "TOTP is already on.", problems: ["mfa_already_enabled"] },
        503: unavailable,
      },
      // A wrong code here is a form error, not a failed authentication: a 401 would look to
      // clients like the session ended, so the 400 above is what the route answers.
      handler: async ({ req, res, body, user }) => {
        res.json({ backupCodes: await deps.mfa.enable(user.id, body.code, requestContext(req)) });
      },
    }),

    defineRoute({
      method: "delete",
      path: apiPaths.totp,
      operationId: "disableTotp",
      tag: "user",
      summary: "Turn TOTP off",
      description: "Removes the secret and the backup codes; a notice is mailed when it was on.",
      auth: "fresh",
      responses: {
        204: { description: "TOTP is off." },
        503: unavailable,
      },
      handler: async ({ req, res, user }) => {
        await deps.mfa.disable(user.id, requestContext(req));
        res.status(204).end();
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.backupCodes,
      operationId: "regenerateBackupCodes",
      tag: "user",
      summary: "Replace the backup codes",
      description: "Answers 10 new backup codes; the old ones stop working. A notice is mailed.",
      auth: "fresh",
      responses: {
        200: { description: "The new backup codes.", body: BackupCodesResponse },
        409: { description: "TOTP is off.", problems: ["mfa_not_enabled"] },
        503: unavailable,
      },
      handler: async ({ req, res, user }) => {
        res.json({
          backupCodes: await deps.mfa.regenerateBackupCodes(user.id, requestContext(req)),
        });
      },
    }),
  ];
}

/**
 * What the security page reads and sends: the user's live sessions, their activity log,
 * the step-up re-authentication and the export of everything stored about them.
 */
import { z } from "zod";
import { ActivityType } from "./activity.js";
import { PASSWORD_MAX_LENGTH } from "./credentials.js";
import { PasskeyLoginRequest } from "./mfa.js";
import { UserProfile } from "./responses.js";

export const SessionSummary = z.object({
  id: z.string(),
  /** True for the session of the access token that asked. */
  current: z.boolean(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** Parsed from the user agent, e.g. "Firefox 128"; null when it says nothing we know. */
  browser: z.string().nullable(),
  os: z.string().nullable(),
  /** How the session signed in (from its `amr`): a password, a passkey or a provider. */
  signInMethod: z.enum(["password", "passkey", "provider"]),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SessionList = z.object({ sessions: z.array(SessionSummary) });
export type SessionList = z.infer<typeof SessionList>;

export const SessionIdParams = z.object({
  id: z.string().min(1).max(64),
});
export type SessionIdParams = z.infer<typeof SessionIdParams>;

export const ActivityEvent = z.object({
  id: z.string(),
  type: ActivityType,
  at: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** Parsed from `userAgent` by the API, as for sessions, so the page can say "Firefox on Linux". */
  browser: z.string().nullable(),
  os: z.string().nullable(),
});
export type ActivityEvent = z.infer<typeof ActivityEvent>;

export const ActivityPage = z.object({
  events: z.array(ActivityEvent),
  /** Pass as `before` to get the next (older) page; null on the last page. */
  next: z.string().nullable(),
});
export type ActivityPage = z.infer<typeof ActivityPage>;

export const ACTIVITY_PAGE_DEFAULT = 20;
export const ACTIVITY_PAGE_MAX = 100;

export const ActivityQuery = z.object({
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int({ error: "limit must be a whole number" })
    .min(1, { error: "limit must be at least 1" })
    .max(ACTIVITY_PAGE_MAX, { error: `limit must be at most ${ACTIVITY_PAGE_MAX}` })
    .default(ACTIVITY_PAGE_DEFAULT),
  /** The opaque cursor of a previous page's `next`. */
  before: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, { error: "before must be a cursor from a previous page" })
    .optional(),
});
export type ActivityQuery = z.input<typeof ActivityQuery>;

/**
 * Step-up: exactly one proof. The password; or a TOTP or backup code; or a passkey's
 * assertion for a challenge from `POST /api/auth/passkey/options`. With TOTP on, the
 * password alone is refused (`mfa_required`): step-up asks for what the login asks for.
 */
export const ReauthenticateRequest = z
  .object({
    password: z
      .string()
      .min(1, { error: "Password is required" })
      .max(PASSWORD_MAX_LENGTH, {
        error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
      })
      .optional(),
    code: z
      .string()
      .min(1, { error: "Code is required" })
      .max(64, { error: "Code must be at most 64 characters" })
      .optional(),
    passkey: PasskeyLoginRequest.optional(),
  })
  .refine(
    (body) =>
      [body.password, body.code, body.passkey].filter((proof) => proof !== undefined).length === 1,
    { error: "Send one of password, code or passkey", path: ["password"] },
  );
export type ReauthenticateRequest = z.input<typeof ReauthenticateRequest>;

/**
 * Everything stored about the user, for them to take away (GDPR article 20). Key material,
 * password hashes, token hashes and secrets are never part of it. The sections of later
 * features (factors, passkeys, identities) are optional so the export grows with them.
 */
export const AccountExport = z.object({
  exportedAt: z.iso.datetime(),
  profile: UserProfile,
  sessions: z.array(SessionSummary.omit({ current: true })),
  activity: z.array(ActivityEvent),
  mfa: z.object({ totpEnabled: z.boolean(), backupCodesRemaining: z.number().int() }).optional(),
  passkeys: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        createdAt: z.iso.datetime(),
        lastUsedAt: z.iso.datetime().nullable(),
      }),
    )
    .optional(),
  identities: z
    .array(
      z.object({
        id: z.string(),
        provider: z.string(),
        email: z.string().nullable(),
        linkedAt: z.iso.datetime(),
      }),
    )
    .optional(),
});
export type AccountExport = z.infer<typeof AccountExport>;

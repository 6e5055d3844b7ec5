import { z } from "zod";

/**
 * Every machine-readable error the API can answer with. Clients branch on `code`,
 * never on the human-readable `title` or `detail`.
 */
export const errorCodes = [
  "validation_failed",
  "malformed_json",
  "unsupported_media_type",
  "payload_too_large",
  "email_taken",
  "invalid_credentials",
  "invalid_refresh_token",
  "token_missing",
  "token_invalid",
  "token_expired",
  "token_revoked",
  "rate_limited",
  "cross_site_request",
  "not_found",
  "method_not_allowed",
  "service_unavailable",
  "internal_error",
  "email_not_verified",
  "invalid_link",
  "reauthentication_required",
  "invalid_mfa_code",
  "invalid_mfa_token",
  "mfa_already_enabled",
  "mfa_not_enabled",
  "invalid_passkey",
  "last_credential",
  "oidc_failed",
  "oidc_cancelled",
  "oidc_email_conflict",
  "oidc_identity_taken",
] as const;

export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Field path (dotted) -> messages, as sent in a `validation_failed` problem. */
export const FieldErrors = z.record(z.string(), z.array(z.string()));
export type FieldErrors = z.infer<typeof FieldErrors>;

/**
 * Why a session ended, sent as `reason` with a 401 `invalid_refresh_token` when the refresh
 * token belonged to a session the server ended: every session of the user was logged out
 * (`logout_all`), the password was changed or reset, that one session was revoked (from
 * another device, or the account was deleted), or a rotated refresh token was replayed.
 * Absent when the token is merely missing, unknown or expired.
 */
export const sessionEndReasons = [
  "logout_all",
  "password_changed",
  "session_revoked",
  "refresh_reuse",
] as const;
export const SessionEndReason = z.enum(sessionEndReasons);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

/** RFC 9457 problem details, the body of every error response. */
export const ProblemDetails = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  code: ErrorCode,
  errors: FieldErrors.optional(),
  reason: SessionEndReason.optional(),
});
export type ProblemDetails = z.infer<typeof ProblemDetails>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

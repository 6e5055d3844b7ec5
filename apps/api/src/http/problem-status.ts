import type { ErrorCode } from "@jwt-auth/shared";
import type { DomainError } from "../errors/domain-error.js";
import { AppError } from "./app-error.js";

/** The HTTP status of every code a service may throw: one table, so it cannot drift per route. */
const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  malformed_json: 400,
  invalid_link: 400,
  invalid_passkey: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  invalid_credentials: 401,
  invalid_refresh_token: 401,
  token_missing: 401,
  token_invalid: 401,
  token_expired: 401,
  token_revoked: 401,
  reauthentication_required: 401,
  invalid_mfa_code: 401,
  invalid_mfa_token: 401,
  cross_site_request: 403,
  email_not_verified: 403,
  not_found: 404,
  method_not_allowed: 405,
  email_taken: 409,
  mfa_already_enabled: 409,
  mfa_not_enabled: 409,
  last_credential: 409,
  oidc_email_conflict: 409,
  oidc_identity_taken: 409,
  rate_limited: 429,
  oidc_failed: 502,
  oidc_cancelled: 400,
  internal_error: 500,
  service_unavailable: 503,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** A domain failure as the HTTP error the error handler renders. */
export function toHttpError(err: DomainError): AppError {
  return new AppError(statusOf(err.code), err.code, {
    ...(err.detail !== undefined ? { detail: err.detail } : {}),
    ...(err.errors ? { errors: err.errors } : {}),
    ...(err.reason ? { reason: err.reason } : {}),
    // A rejected token is answered with its RFC 6750 challenge, wherever it was found out.
    ...(err.code.startsWith("token_") && err.code !== "token_missing"
      ? { headers: { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' } }
      : {}),
  });
}

import type { ErrorCode, FieldErrors, SessionEndReason } from "@jwt-auth/shared";

const TITLES: Record<ErrorCode, string> = {
  validation_failed: "The request body is not valid",
  malformed_json: "The request body is not valid JSON",
  unsupported_media_type: "The request body must be application/json",
  payload_too_large: "The request body is too large",
  email_taken: "An account with this email already exists",
  invalid_credentials: "Incorrect email or password",
  invalid_refresh_token: "The session has ended, please log in again",
  token_missing: "An access token is required",
  token_invalid: "The access token is not valid",
  token_expired: "The access token has expired",
  token_revoked: "The session of this access token has ended",
  rate_limited: "Too many requests, try again later",
  cross_site_request: "The request did not come from this application's pages",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  service_unavailable: "The service is temporarily unavailable",
  internal_error: "Something went wrong on our side",
  email_not_verified: "Verify your email address first",
  invalid_link: "This link is invalid or has expired",
  reauthentication_required: "Confirm it's you to continue",
  invalid_mfa_code: "The authentication code is not correct",
  invalid_mfa_token: "The sign-in attempt has expired, please log in again",
  mfa_already_enabled: "Two-factor authentication is already on",
  mfa_not_enabled: "Two-factor authentication is not on",
  invalid_passkey: "The passkey could not be verified",
  last_credential: "This is your last way to sign in",
  oidc_failed: "Signing in with the provider failed",
  oidc_cancelled: "Signing in with the provider was cancelled",
  oidc_email_conflict: "An account with this email already exists",
  oidc_identity_taken: "That provider account is linked to another account",
};

/**
 * The one error type of the API: a stable `code` from the shared union plus an HTTP status.
 * The error middleware renders it as problem+json; anything else thrown becomes a
 * generic 500 without leaking its message.
 */
export class AppError extends Error {
  override name = "AppError";
  readonly status: number;
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly errors: FieldErrors | undefined;
  readonly headers: Record<string, string>;
  readonly reason: SessionEndReason | undefined;

  constructor(
    status: number,
    code: ErrorCode,
    options: {
      detail?: string;
      errors?: FieldErrors;
      headers?: Record<string, string>;
      reason?: SessionEndReason;
    } = {},
  ) {
    super(options.detail ?? TITLES[code]);
    this.status = status;
    this.code = code;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.reason = options.reason;
  }

  get title(): string {
    return TITLES[this.code];
  }
}

/**
 * Turns a failed request into what a form shows: per-field messages for a
 * `validation_failed` problem, one friendly sentence for anything else. Branches on the
 * problem's `code`, never on its human-readable title.
 */
import { ProblemDetails, type ErrorCode, type FieldErrors } from "@jwt-auth/shared";
import { isAxiosError } from "axios";

export interface Failure {
  message: string | null;
  fieldErrors: FieldErrors;
  /** The problem's code, for a form that offers a way on (e.g. a link to log in). */
  code?: ErrorCode;
}

export type MessageOverrides = Partial<Record<ErrorCode, string>>;

const SESSION_OVER = "Your session has ended. Please log in again.";
const TRY_AGAIN = "Something went wrong on our side. Please try again.";

const messages: Record<ErrorCode, string> = {
  validation_failed: "Check the form and try again.",
  malformed_json: TRY_AGAIN,
  unsupported_media_type: TRY_AGAIN,
  payload_too_large: "That is more text than we can accept. Shorten it and try again.",
  email_taken: "An account with this email already exists.",
  invalid_credentials: "Incorrect email or password.",
  invalid_refresh_token: SESSION_OVER,
  token_missing: SESSION_OVER,
  token_invalid: SESSION_OVER,
  token_expired: SESSION_OVER,
  token_revoked: SESSION_OVER,
  rate_limited: "Too many attempts. Please wait a while and try again.",
  cross_site_request:
    "This page cannot do that. Open the application from its own address and try again.",
  not_found: TRY_AGAIN,
  method_not_allowed: TRY_AGAIN,
  service_unavailable: "The service is unavailable right now. Please try again in a moment.",
  internal_error: TRY_AGAIN,
  email_not_verified: "Verify your email address first: use the link we sent you.",
  invalid_link: "This link is invalid or has expired. Ask for a new one.",
  reauthentication_required: "Confirm it's you to continue.",
  invalid_mfa_code: "That code is not correct. Try the current code from your app.",
  invalid_mfa_token: "Your sign-in took too long. Log in again.",
  mfa_already_enabled: "Two-factor authentication is already on.",
  mfa_not_enabled: "Two-factor authentication is not on.",
  invalid_passkey: "The passkey could not be verified. Try again.",
  last_credential: "You can't remove your last way to sign in.",
  oidc_failed: "Signing in with the provider failed. Try again.",
  oidc_cancelled: "Signing in with the provider was cancelled.",
  oidc_email_conflict:
    "An account with this email already exists. Log in with your password, then connect the provider from the security page.",
  oidc_identity_taken:
    "That provider account is already connected to another account here. Sign in to that account to unlink it first.",
  mfa_required: "Enter a code from your authenticator app, or use a passkey.",
  forbidden: "You don't have access to this.",
  account_locked: "This account is locked. Contact support if you think this is a mistake.",
  cannot_lock_self: "You can't lock your own account.",
  last_admin: "This is the last administrator: make someone else an administrator first.",
};

/** `Retry-After` is either seconds or an HTTP date (RFC 9110 section 10.2.3). */
function retryAfterSeconds(header: unknown): number | null {
  if (typeof header !== "string" || header.trim() === "") return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function rateLimitMessage(header: unknown): string {
  const seconds = retryAfterSeconds(header);
  if (seconds === null) return messages.rate_limited;
  if (seconds < 60) return `Too many attempts. Try again in ${seconds} seconds.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export function describeFailure(error: unknown, overrides: MessageOverrides = {}): Failure {
  if (!isAxiosError(error)) return { message: TRY_AGAIN, fieldErrors: {} };
  if (!error.response) {
    return {
      message: "Cannot reach the server. Check your connection and try again.",
      fieldErrors: {},
    };
  }
  const parsed = ProblemDetails.safeParse(error.response.data);
  if (!parsed.success) return { message: TRY_AGAIN, fieldErrors: {} };
  const { code, errors } = parsed.data;
  if (code === "validation_failed" && errors && Object.keys(errors).length > 0) {
    return { message: null, fieldErrors: errors };
  }
  if (code === "rate_limited") {
    return { message: rateLimitMessage(error.response.headers["retry-after"]), fieldErrors: {} };
  }
  if (code === "account_locked" && !overrides.account_locked && parsed.data.reason) {
    // The administrator's own words, and the end of the lock when it has one.
    const until = parsed.data.until ? ` until ${new Date(parsed.data.until).toLocaleString()}` : "";
    return {
      message: `This account is locked${until}: “${parsed.data.reason}”. Contact support if you think this is a mistake.`,
      fieldErrors: {},
      code,
    };
  }
  return { message: overrides[code] ?? messages[code], fieldErrors: {}, code };
}

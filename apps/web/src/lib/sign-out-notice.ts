/**
 * Why this browser is no longer signed in, when the user did not ask for it. The login page
 * shows it in plain words; a new login forgets it. The reason comes from the 401 that ended
 * the session (`token_expired`, `token_invalid`) or, when the refresh that could have saved
 * it was refused, from the `reason` the API gave for ending the session on its side.
 */
import type { ErrorCode, SessionEndReason } from "@jwt-auth/shared";

export type SignOutReason = SessionEndReason | "expired" | "invalid_token" | "ended";

export const SIGN_OUT_MESSAGES: Record<SignOutReason, string> = {
  expired: "Your session expired after a while without activity. Log in again to continue.",
  logout_all:
    "You were logged out because someone chose “Log out of all devices” on another device. Log in again to continue.",
  session_revoked:
    "Your session was ended from another device, on the security page. Log in again to continue.",
  password_changed:
    "Your password was changed, so this device was logged out. Log in with the new password.",
  refresh_reuse:
    "We logged you out to protect your account: an old sign-in token was used again, which can mean someone copied it. Log in again, and consider changing your password.",
  account_locked:
    "Your account was locked by an administrator, so you were logged out. Contact support if you think this is a mistake.",
  invalid_token:
    "Your saved sign-in could not be verified, so you were logged out. Log in again to continue.",
  ended:
    "Your session was ended, from another device or by a security change. Log in again to continue.",
};

/**
 * The reason to show when a session cannot be saved: the API's word about why it ended the
 * session wins; otherwise the code of the 401 that started it (a refresh of our own timer,
 * with no 401 behind it, means the session simply ran out).
 */
export function signOutReason(
  apiReason: SessionEndReason | undefined,
  trigger: ErrorCode | undefined,
): SignOutReason {
  if (apiReason) return apiReason;
  if (trigger === "token_invalid") return "invalid_token";
  if (trigger === "token_revoked") return "ended";
  return "expired";
}

/** What the login page says after the user's own "Log out" (no warning: they asked for it). */
export const LOGGED_OUT = "You have logged out.";
export const LOGGED_OUT_EVERYWHERE = "You have logged out of all your devices.";

/** Whether a notice is the answer to the user's own logout, not a session that ended on them. */
export function isOwnLogout(message: string): boolean {
  return message === LOGGED_OUT || message === LOGGED_OUT_EVERYWHERE;
}

let notice: string | null = null;
const listeners = new Set<() => void>();

function set(value: string | null): void {
  if (notice === value) return;
  notice = value;
  for (const listener of [...listeners]) listener();
}

export function showSignOutNotice(message: string): void {
  set(message);
}

export function showSignOutReason(reason: SignOutReason): void {
  set(SIGN_OUT_MESSAGES[reason]);
}

/** A lock, in plain words: the administrator's reason and when it ends. */
export function lockedMessage(
  reason: string | undefined,
  until: string | null | undefined,
): string {
  const why = reason ? ` The reason given: “${reason}”.` : "";
  const end = until ? ` The lock ends ${new Date(until).toLocaleString()}.` : "";
  return `Your account was locked by an administrator, so you were logged out.${why}${end} Contact support if you think this is a mistake.`;
}

export function forgetSignOutNotice(): void {
  set(null);
}

export function signOutNotice(): string | null {
  return notice;
}

export function subscribeSignOutNotice(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

import type { ActivityEvent } from "@jwt-auth/shared";
import { deviceName } from "./describe-session";

/** What each event means, in the words of the person it happened to. */
const SENTENCES: Record<ActivityEvent["type"], string> = {
  registered: "Created the account",
  login_succeeded: "Signed in",
  login_failed: "Failed sign-in attempt",
  mfa_failed: "Wrong authentication code",
  password_changed: "Changed the password",
  password_reset_requested: "Asked for a password reset",
  password_reset: "Reset the password",
  email_verified: "Verified the email address",
  email_change_requested: "Asked to change the email address",
  email_changed: "Changed the email address",
  session_revoked: "Ended a session",
  sessions_revoked: "Signed out other devices",
  refresh_token_reused: "An old sign-in token was replayed; we ended that session",
  reauthenticated: "Confirmed the password for a sensitive action",
  mfa_enabled: "Turned on two-factor authentication",
  mfa_disabled: "Turned off two-factor authentication",
  backup_codes_regenerated: "Created new backup codes",
  backup_code_used: "Used a backup code",
  passkey_added: "Added a passkey",
  passkey_removed: "Removed a passkey",
  identity_linked: "Linked a sign-in provider",
  identity_unlinked: "Unlinked a sign-in provider",
  email_change_cancelled: "Cancelled an email change and signed out everywhere",
  account_locked: "An administrator locked the account",
  account_unlocked: "An administrator unlocked the account",
  mfa_reset_by_admin: "An administrator turned off two-factor authentication",
  roles_changed: "An administrator changed the account's roles",
};

/** "Signed in from Firefox 128 on Linux": the event, and where it came from when known. */
export function describeActivity(event: ActivityEvent): string {
  const what = SENTENCES[event.type];
  if (event.browser || event.os) return `${what} from ${deviceName(event)}`;
  return what;
}

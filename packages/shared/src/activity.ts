import { z } from "zod";

/** Every kind of event the per-user security log records. */
export const activityTypes = [
  "registered",
  "login_succeeded",
  "login_failed",
  "mfa_failed",
  "password_changed",
  "password_reset_requested",
  "password_reset",
  "email_verified",
  "email_change_requested",
  "email_changed",
  "session_revoked",
  "sessions_revoked",
  "refresh_token_reused",
  "reauthenticated",
  "mfa_enabled",
  "mfa_disabled",
  "backup_codes_regenerated",
  "backup_code_used",
  "passkey_added",
  "passkey_removed",
  "identity_linked",
  "identity_unlinked",
  "email_change_cancelled",
  "account_locked",
  "account_unlocked",
  "mfa_reset_by_admin",
  "roles_changed",
] as const;

export const ActivityType = z.enum(activityTypes);
export type ActivityType = z.infer<typeof ActivityType>;

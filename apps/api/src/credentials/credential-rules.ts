import type { ActivityType } from "@jwt-auth/shared";
import type { MailTemplate } from "../mail/templates.js";
import type { LinkPurpose } from "../store/link-token-store.js";
import type { RevokeReason } from "../store/sessions.js";

/**
 * Every change to how an account is proven or reached. Each one passes through
 * `commitCredentialEvent` (credential-events.ts), which applies its row of the table below
 * in the transaction of the change, so no flow can forget what its event must end.
 */
export type CredentialEvent =
  | "password_reset"
  | "password_changed"
  | "email_changed"
  | "email_change_cancelled"
  | "logout_all"
  | "other_sessions_revoked"
  | "mfa_enabled"
  | "mfa_disabled"
  | "backup_codes_regenerated"
  | "passkey_added"
  | "passkey_removed"
  | "identity_linked"
  | "identity_unlinked"
  | "account_locked"
  | "mfa_reset_by_admin"
  | "account_deleted";

export interface CredentialRule {
  /** The pending mailed links that die: a link asked for before the event must not outlive it. */
  links: readonly LinkPurpose[];
  /** Logins waiting for their second step (mfaTokens) die. */
  mfaTokens: boolean;
  /** WebAuthn ceremonies in flight (registration and step-up challenges of the user) die. */
  challenges: boolean;
  /** `all` sessions, all but the one making the change (`others`), or none. */
  sessions: "all" | "others" | "none";
  /** Why those sessions ended, as the store records it (and a refused refresh reports). */
  revokeReason: RevokeReason;
  /** The line in the user's activity log; null when there is no log left to write to. */
  activity: ActivityType | null;
  /** The message to the account's address; null for none. */
  notice: MailTemplate | null;
}

// An email change's confirm link and the cancel link of its notice live and die together.
const LINKS_TO_THE_ACCOUNT: readonly LinkPurpose[] = [
  "password_reset",
  "email_change",
  "email_change_cancel",
];
const EVERY_LINK: readonly LinkPurpose[] = [...LINKS_TO_THE_ACCOUNT, "verify_email"];

/**
 * Event x what it ends x notice. Printed in docs/account-security.md ("How the flows
 * compose"); test/security/credential-events-matrix.test.ts walks every row.
 */
export const CREDENTIAL_RULES: Record<CredentialEvent, CredentialRule> = {
  password_reset: {
    links: EVERY_LINK,
    mfaTokens: true,
    challenges: true,
    sessions: "all",
    revokeReason: "password_reset",
    activity: "password_reset",
    notice: "password_changed",
  },
  password_changed: {
    links: LINKS_TO_THE_ACCOUNT,
    mfaTokens: true,
    challenges: true,
    sessions: "others",
    revokeReason: "password_change",
    activity: "password_changed",
    notice: "password_changed",
  },
  email_changed: {
    links: EVERY_LINK,
    mfaTokens: true,
    challenges: true,
    sessions: "none",
    revokeReason: "revoked",
    activity: "email_changed",
    notice: null,
  },
  email_change_cancelled: {
    links: EVERY_LINK,
    mfaTokens: true,
    challenges: true,
    sessions: "all",
    revokeReason: "email_change_cancelled",
    activity: "email_change_cancelled",
    notice: null,
  },
  logout_all: {
    links: LINKS_TO_THE_ACCOUNT,
    mfaTokens: true,
    challenges: true,
    sessions: "all",
    revokeReason: "logout_all",
    activity: "sessions_revoked",
    notice: null,
  },
  other_sessions_revoked: {
    links: LINKS_TO_THE_ACCOUNT,
    mfaTokens: true,
    challenges: true,
    sessions: "others",
    revokeReason: "revoke_others",
    activity: "sessions_revoked",
    notice: null,
  },
  mfa_enabled: {
    links: [],
    mfaTokens: true,
    challenges: false,
    sessions: "none",
    revokeReason: "revoked",
    activity: "mfa_enabled",
    notice: "mfa_enabled",
  },
  mfa_disabled: {
    links: [],
    mfaTokens: true,
    challenges: false,
    sessions: "none",
    revokeReason: "revoked",
    activity: "mfa_disabled",
    notice: "mfa_disabled",
  },
  backup_codes_regenerated: {
    links: [],
    mfaTokens: true,
    challenges: false,
    sessions: "none",
    revokeReason: "revoked",
    activity: "backup_codes_regenerated",
    notice: "backup_codes_regenerated",
  },
  passkey_added: {
    links: [],
    mfaTokens: false,
    challenges: true,
    sessions: "none",
    revokeReason: "revoked",
    activity: "passkey_added",
    notice: "passkey_added",
  },
  passkey_removed: {
    links: [],
    mfaTokens: false,
    challenges: true,
    sessions: "none",
    revokeReason: "revoked",
    activity: "passkey_removed",
    notice: null,
  },
  identity_linked: {
    links: [],
    mfaTokens: false,
    challenges: false,
    sessions: "none",
    revokeReason: "revoked",
    activity: "identity_linked",
    notice: null,
  },
  identity_unlinked: {
    links: [],
    mfaTokens: false,
    challenges: false,
    sessions: "none",
    revokeReason: "revoked",
    activity: "identity_unlinked",
    notice: null,
  },
  account_locked: {
    links: LINKS_TO_THE_ACCOUNT,
    // Left to the lock itself: a code step already under way is answered 403 account_locked
    // with the reason (the one way in checks the lock), not a bare invalid_mfa_token.
    mfaTokens: false,
    challenges: true,
    sessions: "all",
    revokeReason: "account_locked",
    activity: "account_locked",
    notice: null,
  },
  mfa_reset_by_admin: {
    links: LINKS_TO_THE_ACCOUNT,
    mfaTokens: true,
    challenges: true,
    sessions: "all",
    revokeReason: "mfa_reset",
    activity: "mfa_reset_by_admin",
    notice: "mfa_disabled",
  },
  account_deleted: {
    links: EVERY_LINK,
    mfaTokens: true,
    challenges: true,
    sessions: "all",
    revokeReason: "account_deleted",
    activity: null,
    notice: "account_deleted",
  },
};

import type { Generated } from "kysely";

/** Times are epoch milliseconds in both dialects (BIGINT), set by the app's clock. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
  email_verified_at: number | null;
  /** JSON list of roles, `["user"]` by default (store/roles.ts reads and writes it). */
  roles: Generated<string>;
  /** When the roles last changed (ms): tokens claiming a role lost since then are refused. */
  roles_changed_at: number | null;
  /** Set while the account is locked by an administrator (ms); null when it is not. */
  locked_at: number | null;
  locked_reason: string | null;
  /** When the lock ends by itself (ms); null while it has no end. */
  locked_until: number | null;
}

/** One row per login: the refresh-token family, whose id is the `sid` claim. */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
  user_agent: string | null;
  /** The client address of the login (respecting TRUST_PROXY). */
  ip: string | null;
  /** When the user last proved a credential in this session (ms); `auth_time` of its tokens. */
  auth_time: number | null;
  /** JSON array of RFC 8176 method values: how that proof was made. */
  amr: string | null;
}

/** Refresh tokens, by SHA-256 hash only. A rotated token keeps a pointer to its child. */
export interface RefreshTokensTable {
  token_hash: string;
  session_id: string;
  created_at: number;
  rotated_at: number | null;
  replaced_by: string | null;
}

/** Fixed-window counters for rate limits shared by several API instances. */
export interface RateLimitsTable {
  key: string;
  hits: number;
  reset_at: number;
}

/** The per-user security log, newest first by (at, id). */
export interface ActivityEventsTable {
  id: string;
  user_id: string;
  type: string;
  at: number;
  ip: string | null;
  user_agent: string | null;
}

/**
 * Mail written in the same transaction as the change that causes it, then delivered with
 * retries. `claimed_until` lets one instance own a message while it sends it.
 */
export interface OutboxTable {
  id: string;
  user_id: string | null;
  to_address: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  created_at: number;
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_until: number | null;
  sent_at: number | null;
  last_error: string | null;
  /**
   * The text and html with their link, sealed with a key derived from MFA_ENCRYPTION_KEY,
   * while the message waits; null once delivered (`text` and `html` never hold the link).
   */
  sealed: string | null;
}

/** Mailed link tokens (verify email, password reset, email change), by SHA-256 hash only. */
export interface LinkTokensTable {
  token_hash: string;
  user_id: string;
  purpose: string;
  /** The address the link is bound to: the one to verify or reset, or the new one to confirm. */
  email: string;
  created_at: number;
  expires_at: number;
}

/** Ids of sessions of deleted accounts, until their access tokens have expired. */
export interface SessionTombstonesTable {
  id: string;
  revoked_at: number;
}

/** A user's TOTP factor: the secret AES-256-GCM encrypted; pending while `enabled_at` is null. */
export interface TotpFactorsTable {
  user_id: string;
  secret_enc: string;
  created_at: number;
  enabled_at: number | null;
  /** The last 30 s step a code was accepted for: a code is never accepted twice. */
  last_step: number | null;
}

/** Backup codes, by SHA-256 hash only, each usable once. */
export interface BackupCodesTable {
  code_hash: string;
  user_id: string;
  created_at: number;
  used_at: number | null;
}

/** A login that passed its password and waits for its second factor. */
export interface MfaTokensTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  attempts: number;
  used_at: number | null;
  /** The factor the first step proved: `pwd` (a password) or `fed` (a provider's login). */
  first_factor: string | null;
}

/** WebAuthn credentials; ids and keys base64url, `transports` a JSON array. */
export interface PasskeysTable {
  id: string;
  user_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string;
  device_type: string;
  backed_up: number;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

/** Challenges of WebAuthn ceremonies in flight, single use. */
export interface WebauthnChallengesTable {
  id: string;
  user_id: string | null;
  purpose: string;
  challenge: string;
  created_at: number;
  expires_at: number;
}

/** An identity at an OpenID Connect provider, linked to an account: found by (issuer, subject). */
export interface IdentitiesTable {
  id: string;
  user_id: string;
  issuer: string;
  subject: string;
  email: string | null;
  linked_at: number;
}

/** Every administrator's action; actor and target are copied, so the log outlives them. */
export interface AdminAuditTable {
  id: string;
  at: number;
  action: string;
  /** Null for the server's shell (`npm run admin`). */
  actor_id: string | null;
  actor_email: string;
  target_id: string;
  target_email: string;
  /** JSON object: what was done (the lock's reason, the roles before and after, …). */
  detail: string;
  ip: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  rate_limits: RateLimitsTable;
  activity_events: ActivityEventsTable;
  outbox: OutboxTable;
  link_tokens: LinkTokensTable;
  session_tombstones: SessionTombstonesTable;
  totp_factors: TotpFactorsTable;
  backup_codes: BackupCodesTable;
  mfa_tokens: MfaTokensTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  identities: IdentitiesTable;
  admin_audit: AdminAuditTable;
}

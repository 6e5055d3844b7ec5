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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  rate_limits: RateLimitsTable;
  activity_events: ActivityEventsTable;
  outbox: OutboxTable;
  identities: IdentitiesTable;
}

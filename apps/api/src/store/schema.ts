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

/** Mail written in the transaction of the change that causes it; the delivery loop sends it. */
export interface OutboxTable {
  id: string;
  user_id: string | null;
  to_address: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  claimed_until: number | null;
  sent_at: number | null;
  last_error: string | null;
}

/** Mailed link tokens, by SHA-256 hash only. */
export interface LinkTokensTable {
  token_hash: string;
  user_id: string;
  purpose: string;
  email: string;
  created_at: number;
  expires_at: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  rate_limits: RateLimitsTable;
  outbox: OutboxTable;
  link_tokens: LinkTokensTable;
}

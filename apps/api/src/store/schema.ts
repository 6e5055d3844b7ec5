/** Times are epoch milliseconds in both dialects (BIGINT), set by the app's clock. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
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
  identities: IdentitiesTable;
}

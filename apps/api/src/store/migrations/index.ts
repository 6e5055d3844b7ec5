import type { Migration, MigrationProvider } from "kysely";
import { migration as users } from "./0001-users.js";
import { migration as sessions } from "./0002-sessions.js";
import { migration as rateLimits } from "./0003-rate-limits.js";
import { migration as accountsSpine } from "./0004-accounts-spine.js";
import { migration as activityPageIndex } from "./0005-activity-page-index.js";
import { migration as linkTokens } from "./0100-link-tokens.js";
import { migration as sessionTombstones } from "./0200-session-tombstones.js";
import { migration as totp } from "./0300-totp.js";
import { migration as passkeys } from "./0301-passkeys.js";
import { migration as identities } from "./0400-identities.js";
import { migration as takeoverRules } from "./0500-takeover-rules.js";
import { migration as administration } from "./0600-administration.js";

/**
 * Migrations live in code, one file each, and run at start-up. Each is written once with
 * Kysely's schema builder and types that mean the same in SQLite and PostgreSQL (TEXT,
 * BIGINT, INTEGER); times are epoch milliseconds. Features number theirs in their own
 * range, so names never collide.
 */
const migrations: Record<string, Migration> = {
  "0001_users": users,
  "0002_sessions": sessions,
  "0003_rate_limits": rateLimits,
  "0004_accounts_spine": accountsSpine,
  "0005_activity_page_index": activityPageIndex,
  "0100_link_tokens": linkTokens,
  "0200_session_tombstones": sessionTombstones,
  "0300_totp": totp,
  "0301_passkeys": passkeys,
  "0400_identities": identities,
  "0500_takeover_rules": takeoverRules,
  "0600_administration": administration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

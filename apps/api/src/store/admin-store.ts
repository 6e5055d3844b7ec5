import { sql, type Kysely, type Transaction } from "kysely";
import type { Dialect } from "./database.js";
import type { Database } from "./schema.js";
import type { UserRow } from "./user-store.js";
import { rolesOf } from "./roles.js";

/** A user as the administration lists them: never the password hash. */
export type AdminUserRow = Omit<UserRow, "password_hash" | "updated_at">;

const LISTED = [
  "id",
  "email",
  "name",
  "email_verified_at",
  "created_at",
  "roles",
  "roles_changed_at",
  "locked_at",
  "locked_reason",
  "locked_until",
] as const;

/**
 * Above this many matches, a term is common enough that walking the users newest first finds
 * a page sooner than sorting every match (SQLite's choice between its two plans below).
 */
export const DENSE_MATCHES = 1_000;

/**
 * Users newest first, (created_at, id) descending, strictly older than `before`; with a
 * `query`, those whose email or name holds it (any case). Keyset paging: the users_newest
 * index gives the order, so a page stops as soon as it is full. On PostgreSQL with pg_trgm
 * the planner answers a rare `query` from the trigram indexes instead (0600 migration). SQLite
 * has no such planner: it asks its FTS5 trigram table how many rows match (up to
 * DENSE_MATCHES); a rarer term is answered from those rows, a common one by the ordered walk.
 */
export async function searchUsers(
  db: Kysely<Database>,
  dialect: Dialect,
  page: {
    query?: string | undefined;
    before?: { at: number; id: string } | undefined;
    limit: number;
  },
  denseMatches = DENSE_MATCHES,
): Promise<AdminUserRow[]> {
  let query = db.selectFrom("users").select(LISTED);
  const phrase = page.query && page.query.length >= 3 ? ftsPhrase(page.query) : undefined;
  const matches =
    dialect === "sqlite" && phrase ? await sqliteMatches(db, phrase, denseMatches) : undefined;
  if (matches && matches.length < denseMatches) {
    if (matches.length === 0) return [];
    query = query.where(sql<boolean>`rowid in (${sql.join(matches)})`);
  } else if (page.query) {
    const pattern = `%${escapeLike(page.query.toLowerCase())}%`;
    query = query.where(
      sql<boolean>`(lower(email) like ${pattern} escape '\\' or lower(name) like ${pattern} escape '\\')`,
    );
  }
  const { before } = page;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb("created_at", "<", before.at),
        eb.and([eb("created_at", "=", before.at), eb("id", "<", before.id)]),
      ]),
    );
  }
  return query.orderBy("created_at", "desc").orderBy("id", "desc").limit(page.limit).execute();
}

export async function findAdminUser(
  db: Kysely<Database>,
  userId: string,
): Promise<AdminUserRow | undefined> {
  return db.selectFrom("users").select(LISTED).where("id", "=", userId).executeTakeFirst();
}

/** What a list shows beside each user, read for a whole page at once (four queries, not 4 x n). */
export interface UserFacts {
  lastLoginAt: Map<string, number>;
  totpEnabled: Set<string>;
  passkeys: Map<string, number>;
  identityIssuers: Map<string, string[]>;
}

export async function factsOf(
  db: Kysely<Database>,
  userIds: readonly string[],
): Promise<UserFacts> {
  const facts: UserFacts = {
    lastLoginAt: new Map(),
    totpEnabled: new Set(),
    passkeys: new Map(),
    identityIssuers: new Map(),
  };
  if (userIds.length === 0) return facts;
  const ids = [...userIds];
  const [logins, totp, passkeys, identities] = await Promise.all([
    db
      .selectFrom("sessions")
      .select(["user_id", (eb) => eb.fn.max("created_at").as("last")])
      .where("user_id", "in", ids)
      .groupBy("user_id")
      .execute(),
    db
      .selectFrom("totp_factors")
      .select("user_id")
      .where("user_id", "in", ids)
      .where("enabled_at", "is not", null)
      .execute(),
    db
      .selectFrom("passkeys")
      .select(["user_id", (eb) => eb.fn.countAll().as("count")])
      .where("user_id", "in", ids)
      .groupBy("user_id")
      .execute(),
    db
      .selectFrom("identities")
      .select(["user_id", "issuer"])
      .where("user_id", "in", ids)
      .orderBy("linked_at")
      .execute(),
  ]);
  for (const row of logins) facts.lastLoginAt.set(row.user_id, Number(row.last));
  for (const row of totp) facts.totpEnabled.add(row.user_id);
  for (const row of passkeys) facts.passkeys.set(row.user_id, Number(row.count));
  for (const row of identities) {
    facts.identityIssuers.set(row.user_id, [
      ...(facts.identityIssuers.get(row.user_id) ?? []),
      row.issuer,
    ]);
  }
  return facts;
}

/**
 * The administrators other than `userId`, counted so that two transactions taking `admin`
 * from the last two cannot both see the other one still there. On PostgreSQL every change
 * that can lose an administrator takes one transaction-scoped advisory lock first (after
 * the target's row lock, always in that order, so they cannot deadlock); SQLite has one
 * writer at a time already. Reads the few privileged rows through `users_privileged`.
 */
export async function otherAdminsThan(
  trx: Transaction<Database>,
  dialect: Dialect,
  userId: string,
): Promise<number> {
  if (dialect === "postgres") {
    await sql`select pg_advisory_xact_lock(${ADMIN_COUNT_LOCK})`.execute(trx);
  }
  const rows = await trx
    .selectFrom("users")
    .select(["id", "roles"])
    .where(sql.ref("roles"), "<>", '["user"]')
    .execute();
  return rows.filter((row) => row.id !== userId && rolesOf(row).includes("admin")).length;
}

/** A fixed key of the advisory lock above: "admin" in ASCII, as a bigint. */
const ADMIN_COUNT_LOCK = 0x61646d696e;

/** An FTS5 query that matches `text` as a substring (a quoted phrase, quotes doubled). */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The rowids of up to `cap` users the phrase matches, asked of the FTS5 table once. */
async function sqliteMatches(db: Kysely<Database>, phrase: string, cap: number): Promise<number[]> {
  const { rows } = await sql<{ rowid: number }>`
    select rowid from users_search where users_search match ${phrase} limit ${cap}
  `.execute(db);
  return rows.map((row) => row.rowid);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

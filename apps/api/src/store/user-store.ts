import type { Kysely, Selectable, Transaction } from "kysely";
import type { Db } from "./db.js";
import type { Dialect } from "./database.js";
import { prepared, type Params } from "./prepared.js";
import { transaction } from "./transaction.js";
import { recordActivity, type ActivityNote } from "./activity-store.js";
import type { Database, UsersTable } from "./schema.js";
import { DEFAULT_ROLES, rolesOf } from "./roles.js";

export type UserRow = Selectable<UsersTable>;

/**
 * A user as it travels through the app once the password was checked: never the hash,
 * only whether there is one (an account created through a provider has none).
 */
export type Account = Omit<UserRow, "password_hash"> & { has_password: boolean };

/** What sessions and profiles are made from: a row of the store, or an Account. */
export type KnownUser = UserRow | Account;

export function toAccount(user: UserRow): Account {
  const { password_hash, ...rest } = user;
  return { ...rest, has_password: password_hash !== "" };
}

/** Whether the user can log in with a password (a provider-created account cannot, until it sets one). */
export function hasPassword(user: KnownUser): boolean {
  return "has_password" in user ? user.has_password : user.password_hash !== "";
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  now: number;
  /** Set when the address is already known to be the user's (a provider vouched for it). */
  emailVerifiedAt?: number;
}

export class EmailTakenError extends Error {
  override name = "EmailTakenError";
}

/** The read every protected request, every login and every refresh makes. */
export const userById = prepared((db, p: Params<{ id: string }>) =>
  db.selectFrom("users").selectAll().where("id", "=", p("id")),
);

export function createUserStore(db: Kysely<Database>) {
  return {
    async findByEmail(email: string): Promise<UserRow | undefined> {
      return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
    },

    async findById(id: string): Promise<UserRow | undefined> {
      return (await userById(db, { id })).rows[0];
    },

    /** Inserts a user; the unique index, not a prior read, decides whether the email is free. */
    async insert(user: NewUser): Promise<UserRow> {
      const row: UserRow = {
        id: user.id,
        email: user.email,
        name: user.name,
        password_hash: user.passwordHash,
        created_at: user.now,
        updated_at: user.now,
        email_verified_at: user.emailVerifiedAt ?? null,
        roles: DEFAULT_ROLES,
        roles_changed_at: null,
        locked_at: null,
        locked_reason: null,
        locked_until: null,
      };
      try {
        await db.insertInto("users").values(row).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new EmailTakenError();
        throw err;
      }
      return row;
    },

    async updateName(id: string, name: string, now: number): Promise<UserRow | undefined> {
      await db.updateTable("users").set({ name, updated_at: now }).where("id", "=", id).execute();
      return this.findById(id);
    },

    /**
     * Stores a new password hash; a `note` (`password_changed`) is recorded with it, and
     * `alsoInTransaction` (the notice mail) is written in the same transaction.
     */
    async updatePasswordHash(
      id: string,
      passwordHash: string,
      now: number,
      note?: ActivityNote,
      alsoInTransaction?: (trx: Transaction<Database>) => Promise<unknown>,
    ): Promise<void> {
      await transaction(db, async (trx) => {
        await trx
          .updateTable("users")
          .set({ password_hash: passwordHash, updated_at: now })
          .where("id", "=", id)
          .execute();
        if (note) await recordActivity(trx, { userId: id, at: now, ...note });
        await alsoInTransaction?.(trx);
      });
    },

    async markEmailVerified(id: string, now: number): Promise<void> {
      await db
        .updateTable("users")
        .set({ email_verified_at: now, updated_at: now })
        .where("id", "=", id)
        .execute();
    },

    /** A confirmed change: the new address, verified. The unique index refuses a taken one. */
    async changeEmail(id: string, email: string, now: number): Promise<void> {
      try {
        await db
          .updateTable("users")
          .set({ email, email_verified_at: now, updated_at: now })
          .where("id", "=", id)
          .execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new EmailTakenError();
        throw err;
      }
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

/**
 * Deletes a user; every table that references `users.id` does so with ON DELETE CASCADE
 * (SQLite runs with `foreign_keys = ON`), so their rows go in the same statement.
 */
export async function deleteUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom("users").where("id", "=", userId).execute();
}

/**
 * Reads a user and, on PostgreSQL, locks the row until the transaction ends: a session
 * insert (its foreign key takes a share lock on the row) waits for a credential event to
 * commit, so it is either ended with the others or refused when the user is gone. SQLite
 * has one writer at a time, which serialises them already.
 */
export async function lockUserRow(
  trx: Transaction<Database>,
  dialect: Dialect,
  userId: string,
): Promise<UserRow | undefined> {
  const query = trx.selectFrom("users").selectAll().where("id", "=", userId);
  return (dialect === "postgres" ? query.forUpdate() : query).executeTakeFirst();
}

/** Users whose roles changed since `since` (ms), with their roles now: the revocation list's reload. */
export async function roleChangesSince(
  db: Kysely<Database>,
  since: number,
): Promise<Array<{ userId: string; roles: string[]; at: number }>> {
  const rows = await db
    .selectFrom("users")
    .select(["id", "roles", "roles_changed_at"])
    .where("roles_changed_at", ">=", since)
    .execute();
  return rows.map((row) => ({ userId: row.id, roles: rolesOf(row), at: row.roles_changed_at! }));
}

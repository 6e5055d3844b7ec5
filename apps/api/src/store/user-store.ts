import type { Kysely, Selectable } from "kysely";
import type { Database, UsersTable } from "./schema.js";

export type UserRow = Selectable<UsersTable>;

/** A user as it travels through the app once the password was checked: never the hash. */
export type Account = Omit<UserRow, "password_hash">;

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

export function createUserStore(db: Kysely<Database>) {
  return {
    async findByEmail(email: string): Promise<UserRow | undefined> {
      return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
    },

    async findById(id: string): Promise<UserRow | undefined> {
      return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
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

    async updatePasswordHash(id: string, passwordHash: string, now: number): Promise<void> {
      await db
        .updateTable("users")
        .set({ password_hash: passwordHash, updated_at: now })
        .where("id", "=", id)
        .execute();
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

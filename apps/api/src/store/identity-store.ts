import type { Kysely, Selectable } from "kysely";
import type { Database, IdentitiesTable } from "./schema.js";

export type IdentityRow = Selectable<IdentitiesTable>;

export class IdentityTakenError extends Error {
  override name = "IdentityTakenError";
}

/** The `identities` table. `db` may be a transaction, so a link commits with its activity event. */
export function createIdentityStore(db: Kysely<Database>) {
  return {
    async findBySubject(issuer: string, subject: string): Promise<IdentityRow | undefined> {
      return db
        .selectFrom("identities")
        .selectAll()
        .where("issuer", "=", issuer)
        .where("subject", "=", subject)
        .executeTakeFirst();
    },

    async listOfUser(userId: string): Promise<IdentityRow[]> {
      return db
        .selectFrom("identities")
        .selectAll()
        .where("user_id", "=", userId)
        .orderBy("linked_at", "asc")
        .orderBy("id", "asc")
        .execute();
    },

    /** The unique (issuer, subject) index, not a prior read, decides whether it is free. */
    async insert(row: IdentityRow): Promise<void> {
      try {
        await db.insertInto("identities").values(row).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new IdentityTakenError();
        throw err;
      }
    },

    async updateEmail(id: string, email: string | null): Promise<void> {
      await db.updateTable("identities").set({ email }).where("id", "=", id).execute();
    },

    /** Deletes one identity of one user; false when it is not theirs. */
    async deleteOfUser(userId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom("identities")
        .where("id", "=", id)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

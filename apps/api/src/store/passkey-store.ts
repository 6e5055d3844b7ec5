import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, PasskeysTable } from "./schema.js";

export type PasskeyRow = Selectable<PasskeysTable>;

export class CredentialTakenError extends Error {
  override name = "CredentialTakenError";
}

export function createPasskeyStore(db: Kysely<Database>) {
  return {
    async listOf(userId: string): Promise<PasskeyRow[]> {
      return db
        .selectFrom("passkeys")
        .selectAll()
        .where("user_id", "=", userId)
        .orderBy("created_at", "asc")
        .orderBy("id", "asc")
        .execute();
    },

    async findByCredentialId(credentialId: string): Promise<PasskeyRow | undefined> {
      return db
        .selectFrom("passkeys")
        .selectAll()
        .where("credential_id", "=", credentialId)
        .executeTakeFirst();
    },

    /** The unique index on `credential_id` decides: one authenticator key, one account. */
    async insert(trx: Kysely<Database>, row: Insertable<PasskeysTable>): Promise<void> {
      try {
        await trx.insertInto("passkeys").values(row).execute();
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE") {
          throw new CredentialTakenError();
        }
        throw err;
      }
    },

    /** After a verified assertion: the new signature counter and the time of use. */
    async recordUse(id: string, counter: number, backedUp: boolean, now: number): Promise<void> {
      await db
        .updateTable("passkeys")
        .set({ counter, backed_up: backedUp ? 1 : 0, last_used_at: now })
        .where("id", "=", id)
        .execute();
    },

    async remove(trx: Kysely<Database>, userId: string, id: string): Promise<boolean> {
      const result = await trx
        .deleteFrom("passkeys")
        .where("user_id", "=", userId)
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

export type PasskeyStore = ReturnType<typeof createPasskeyStore>;

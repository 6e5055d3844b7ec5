import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export function createBackupCodeStore(db: Kysely<Database>) {
  return {
    /** Replaces every code of the user with these hashes: the old ones die. */
    async replace(
      trx: Kysely<Database>,
      userId: string,
      hashes: string[],
      now: number,
    ): Promise<void> {
      await trx.deleteFrom("backup_codes").where("user_id", "=", userId).execute();
      await trx
        .insertInto("backup_codes")
        .values(hashes.map((code_hash) => ({ code_hash, user_id: userId, created_at: now })))
        .execute();
    },

    /** Marks a code used; true only for the one request that used it. */
    async use(trx: Kysely<Database>, userId: string, hash: string, now: number): Promise<boolean> {
      const result = await trx
        .updateTable("backup_codes")
        .set({ used_at: now })
        .where("user_id", "=", userId)
        .where("code_hash", "=", hash)
        .where("used_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async remaining(userId: string): Promise<number> {
      const row = await db
        .selectFrom("backup_codes")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("user_id", "=", userId)
        .where("used_at", "is", null)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}

export type BackupCodeStore = ReturnType<typeof createBackupCodeStore>;

/**
 * Re-keys backup codes stored as a bare SHA-256 (before keyed hashes) in place, at start-up;
 * returns how many. `rekey` gives a stored hash's keyed form, or null when it is keyed.
 */
export async function rekeyLegacyBackupCodes(
  db: Kysely<Database>,
  rekey: (stored: string) => string | null,
): Promise<number> {
  const rows = await db
    .selectFrom("backup_codes")
    .select("code_hash")
    .where("code_hash", "not like", "k1.%")
    .execute();
  let changed = 0;
  for (const { code_hash } of rows) {
    const next = rekey(code_hash);
    if (next === null) continue;
    await db
      .updateTable("backup_codes")
      .set({ code_hash: next })
      .where("code_hash", "=", code_hash)
      .execute();
    changed += 1;
  }
  return changed;
}

import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export function createMfaTokenStore(db: Kysely<Database>) {
  return {
    async insert(row: { hash: string; userId: string; now: number; expiresAt: number }) {
      await db
        .insertInto("mfa_tokens")
        .values({
          token_hash: row.hash,
          user_id: row.userId,
          created_at: row.now,
          expires_at: row.expiresAt,
          attempts: 0,
          used_at: null,
        })
        .execute();
    },

    /**
     * Spends one of the token's attempts and returns its user, or undefined when the token
     * is unknown, used, expired or out of attempts. Spending before the code is checked
     * means parallel guesses cannot get more than `maxAttempts` between them: the
     * conditional UPDATE is the lock, in one process or several.
     */
    async spendAttempt(
      trx: Kysely<Database>,
      hash: string,
      now: number,
      maxAttempts: number,
    ): Promise<string | undefined> {
      const row = await trx
        .updateTable("mfa_tokens")
        .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
        .where("token_hash", "=", hash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .where("attempts", "<", maxAttempts)
        .returning("user_id")
        .executeTakeFirst();
      return row?.user_id;
    },

    /** The user of a live token, without spending anything (for per-account limits). */
    async userOf(hash: string, now: number): Promise<string | undefined> {
      const row = await db
        .selectFrom("mfa_tokens")
        .select("user_id")
        .where("token_hash", "=", hash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return row?.user_id;
    },

    /** Single use: true only for the one request that consumed it. */
    async consume(trx: Kysely<Database>, hash: string, now: number): Promise<boolean> {
      const result = await trx
        .updateTable("mfa_tokens")
        .set({ used_at: now })
        .where("token_hash", "=", hash)
        .where("used_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type MfaTokenStore = ReturnType<typeof createMfaTokenStore>;

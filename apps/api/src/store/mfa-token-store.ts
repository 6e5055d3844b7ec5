import type { Kysely } from "kysely";
import { compileOnce } from "./compiled-query.js";
import type { Database } from "./schema.js";

// The statements of every second factor, compiled once (compiled-query.ts).
const spendOne = compileOnce<
  { user_id: string; first_factor: string | null },
  [hash: string, now: number, max: number]
>((db) =>
  db
    .updateTable("mfa_tokens")
    .set((eb) => ({ attempts: eb("attempts", "+", eb.lit(1)) }))
    .where("token_hash", "=", "")
    .where("used_at", "is", null)
    .where("expires_at", ">", 0)
    .where("attempts", "<", 0)
    .returning(["user_id", "first_factor"]),
);
const liveUser = compileOnce<{ user_id: string }, [hash: string, now: number]>((db) =>
  db
    .selectFrom("mfa_tokens")
    .select("user_id")
    .where("token_hash", "=", "")
    .where("used_at", "is", null)
    .where("expires_at", ">", 0),
);
const markUsed = compileOnce<never, [now: number, hash: string]>((db) =>
  db
    .updateTable("mfa_tokens")
    .set({ used_at: 0 })
    .where("token_hash", "=", "")
    .where("used_at", "is", null),
);

export function createMfaTokenStore(db: Kysely<Database>) {
  return {
    async insert(row: {
      hash: string;
      userId: string;
      firstFactor: string;
      now: number;
      expiresAt: number;
    }) {
      await db
        .insertInto("mfa_tokens")
        .values({
          token_hash: row.hash,
          user_id: row.userId,
          created_at: row.now,
          expires_at: row.expiresAt,
          attempts: 0,
          used_at: null,
          first_factor: row.firstFactor,
        })
        .execute();
    },

    /**
     * Spends one of the token's attempts and returns its user and the first factor it stands
     * on, or undefined when the token
     * is unknown, used, expired or out of attempts. Spending before the code is checked
     * means parallel guesses cannot get more than `maxAttempts` between them: the
     * conditional UPDATE is the lock, in one process or several.
     */
    async spendAttempt(
      trx: Kysely<Database>,
      hash: string,
      now: number,
      maxAttempts: number,
    ): Promise<{ userId: string; firstFactor: string | null } | undefined> {
      const { rows } = await spendOne(trx, hash, now, maxAttempts);
      const row = rows[0];
      return row && { userId: row.user_id, firstFactor: row.first_factor };
    },

    /** The user of a live token, without spending anything (for per-account limits). */
    async userOf(hash: string, now: number): Promise<string | undefined> {
      const { rows } = await liveUser(db, hash, now);
      return rows[0]?.user_id;
    },

    /** Single use: true only for the one request that consumed it. */
    async consume(trx: Kysely<Database>, hash: string, now: number): Promise<boolean> {
      const result = await markUsed(trx, now, hash);
      return result.numAffectedRows === 1n;
    },
  };
}

export type MfaTokenStore = ReturnType<typeof createMfaTokenStore>;

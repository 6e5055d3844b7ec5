import type { Kysely } from "kysely";
import { prepared, type Params } from "./prepared.js";
import type { Database } from "./schema.js";

// The statements of every second factor, prepared once (prepared.ts).
const spendOne = prepared((db, p: Params<{ hash: string; now: number; maxAttempts: number }>) =>
  db
    .updateTable("mfa_tokens")
    .set((eb) => ({ attempts: eb("attempts", "+", eb.lit(1)) }))
    .where("token_hash", "=", p("hash"))
    .where("used_at", "is", null)
    .where("expires_at", ">", p("now"))
    .where("attempts", "<", p("maxAttempts"))
    .returning(["user_id", "first_factor"]),
);
const liveUser = prepared((db, p: Params<{ hash: string; now: number }>) =>
  db
    .selectFrom("mfa_tokens")
    .select("user_id")
    .where("token_hash", "=", p("hash"))
    .where("used_at", "is", null)
    .where("expires_at", ">", p("now")),
);
const markUsed = prepared((db, p: Params<{ hash: string; now: number }>) =>
  db
    .updateTable("mfa_tokens")
    .set({ used_at: p("now") })
    .where("token_hash", "=", p("hash"))
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
      const { rows } = await spendOne(trx, { hash, now, maxAttempts });
      const row = rows[0];
      return row && { userId: row.user_id, firstFactor: row.first_factor };
    },

    /** The user of a live token, without spending anything (for per-account limits). */
    async userOf(hash: string, now: number): Promise<string | undefined> {
      const { rows } = await liveUser(db, { hash, now });
      return rows[0]?.user_id;
    },

    /** Single use: true only for the one request that consumed it. */
    async consume(trx: Kysely<Database>, hash: string, now: number): Promise<boolean> {
      const result = await markUsed(trx, { hash, now });
      return result.numAffectedRows === 1n;
    },
  };
}

export type MfaTokenStore = ReturnType<typeof createMfaTokenStore>;

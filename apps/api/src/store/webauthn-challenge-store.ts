import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export type ChallengePurpose = "registration" | "authentication";

export function createWebauthnChallengeStore(db: Kysely<Database>) {
  return {
    async insert(row: {
      id: string;
      userId: string | null;
      purpose: ChallengePurpose;
      challenge: string;
      now: number;
      expiresAt: number;
    }): Promise<void> {
      await db
        .insertInto("webauthn_challenges")
        .values({
          id: row.id,
          user_id: row.userId,
          purpose: row.purpose,
          challenge: row.challenge,
          created_at: row.now,
          expires_at: row.expiresAt,
        })
        .execute();
    },

    /**
     * Takes a challenge out of the table: the delete is the single-use check, so of two
     * requests with one challenge only the one that deleted it goes on.
     */
    async take(
      id: string,
      purpose: ChallengePurpose,
      userId: string | null,
      now: number,
    ): Promise<string | undefined> {
      const row = await db
        .selectFrom("webauthn_challenges")
        .select(["challenge", "user_id", "expires_at"])
        .where("id", "=", id)
        .where("purpose", "=", purpose)
        .executeTakeFirst();
      if (!row) return undefined;
      const result = await db
        .deleteFrom("webauthn_challenges")
        .where("id", "=", id)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) return undefined;
      if (row.expires_at <= now || row.user_id !== userId) return undefined;
      return row.challenge;
    },

    /**
     * Takes the registration challenge a browser signed (read from its clientDataJSON):
     * true when it was this user's, live, and not taken before.
     */
    async takeRegistration(userId: string, challenge: string, now: number): Promise<boolean> {
      const result = await db
        .deleteFrom("webauthn_challenges")
        .where("user_id", "=", userId)
        .where("purpose", "=", "registration")
        .where("challenge", "=", challenge)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

export type WebauthnChallengeStore = ReturnType<typeof createWebauthnChallengeStore>;

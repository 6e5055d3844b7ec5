import type { Db } from "./db.js";

export type LinkPurpose =
  | "verify_email"
  | "password_reset"
  | "email_change"
  /** The "this wasn't me" link in the notice to the old address; bound to that address. */
  | "email_change_cancel";

export interface NewLinkToken {
  tokenHash: string;
  userId: string;
  purpose: LinkPurpose;
  /** The address the link is about: the one to verify or reset, or the new one to confirm. */
  email: string;
  now: number;
  expiresAt: number;
}

export interface ConsumedLinkToken {
  userId: string;
  email: string;
}

/** Link tokens, by SHA-256 hash only: the token itself exists only in the mail. */
export function createLinkTokenStore() {
  return {
    /** Stores a new token and deletes the user's older ones of that purpose: one live link each. */
    async replace(db: Db, token: NewLinkToken): Promise<void> {
      await db
        .deleteFrom("link_tokens")
        .where("user_id", "=", token.userId)
        .where("purpose", "=", token.purpose)
        .execute();
      await db
        .insertInto("link_tokens")
        .values({
          token_hash: token.tokenHash,
          user_id: token.userId,
          purpose: token.purpose,
          email: token.email,
          created_at: token.now,
          expires_at: token.expiresAt,
        })
        .execute();
    },

    /** A live token, left in place: for checks that must not spend it. */
    async find(
      db: Db,
      tokenHash: string,
      purpose: LinkPurpose,
      now: number,
    ): Promise<ConsumedLinkToken | undefined> {
      const row = await db
        .selectFrom("link_tokens")
        .select(["user_id", "email"])
        .where("token_hash", "=", tokenHash)
        .where("purpose", "=", purpose)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      return row && { userId: row.user_id, email: row.email };
    },

    /**
     * Takes a token out of the store, once: of two requests racing with one link, only the
     * one whose DELETE removed the row gets it. An expired token is removed and refused.
     */
    async consume(
      db: Db,
      tokenHash: string,
      purpose: LinkPurpose,
      now: number,
    ): Promise<ConsumedLinkToken | undefined> {
      const row = await db
        .deleteFrom("link_tokens")
        .where("token_hash", "=", tokenHash)
        .where("purpose", "=", purpose)
        .returning(["user_id", "email", "expires_at"])
        .executeTakeFirst();
      if (!row || row.expires_at <= now) return undefined;
      return { userId: row.user_id, email: row.email };
    },

    async deleteExpired(db: Db, now: number): Promise<void> {
      await db.deleteFrom("link_tokens").where("expires_at", "<=", now).execute();
    },
  };
}

export type LinkTokenStore = ReturnType<typeof createLinkTokenStore>;

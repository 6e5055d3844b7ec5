import type { Db } from "./db.js";

/**
 * Keeps the ids of a user's revoked sessions past the deletion of the user (see migration
 * 0200). Call it in the deleting transaction, after the sessions were revoked.
 */
export async function entombSessionsOf(trx: Db, userId: string): Promise<void> {
  await trx
    .insertInto("session_tombstones")
    .columns(["id", "revoked_at"])
    .expression((eb) =>
      eb
        .selectFrom("sessions")
        .select(["id", "revoked_at"])
        .where("user_id", "=", userId)
        .where("revoked_at", "is not", null),
    )
    .execute();
}

/** Tombstones revoked at or after `since`: revocations the in-memory list must still hold. */
export async function listTombstonesSince(
  db: Db,
  since: number,
): Promise<Array<{ id: string; revokedAt: number }>> {
  const rows = await db
    .selectFrom("session_tombstones")
    .select(["id", "revoked_at"])
    .where("revoked_at", ">=", since)
    .execute();
  return rows.map((r) => ({ id: r.id, revokedAt: r.revoked_at }));
}

/** Tombstones whose access tokens have all expired: nothing can present them any more. */
export async function deleteTombstonesBefore(db: Db, before: number): Promise<number> {
  const result = await db
    .deleteFrom("session_tombstones")
    .where("revoked_at", "<", before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

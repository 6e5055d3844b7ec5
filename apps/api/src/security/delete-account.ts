import type { Kysely } from "kysely";
import { enqueueMail } from "../mail/enqueue-mail.js";
import type { SessionService } from "../sessions/session-service.js";
import { deleteOutboxOfUser } from "../store/outbox-store.js";
import type { Database } from "../store/schema.js";
import { entombSessionsOf } from "../store/session-tombstone-store.js";
import { deleteUser, type UserRow } from "../store/user-store.js";

export interface DeleteAccountDeps {
  db: Kysely<Database>;
  sessions: SessionService;
  appName: string;
  now: () => number;
}

/**
 * Deletes the account and everything attached to it. First every session is revoked, on
 * every instance at once (the revocation list and its feed), so no token of the account
 * works from here on; then one transaction keeps those session ids as tombstones, drops
 * the mail still waiting for the user, queues the goodbye notice (with no user id, so it
 * outlives the account) and deletes the user, which cascades to every table that
 * references it. The email is then free to register again.
 *
 * Two deletions at once (a double click, two tabs) must not both run the transaction: the
 * second would tombstone the same sessions again (a primary-key violation, a 500 on
 * PostgreSQL) and mail a second notice. Its first statement writes the user's row, which
 * takes the row's lock: the second waits for the first to commit, then finds no row and
 * has nothing left to do.
 */
export async function deleteAccount(deps: DeleteAccountDeps, user: UserRow): Promise<void> {
  await deps.sessions.endAllOf(user.id, "account_deleted");
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = await trx
      .updateTable("users")
      .set((eb) => ({ id: eb.ref("id") }))
      .where("id", "=", user.id)
      .executeTakeFirst();
    if (Number(locked.numUpdatedRows) === 0) return;
    await entombSessionsOf(trx, user.id);
    await deleteOutboxOfUser(trx, user.id);
    await enqueueMail(
      trx,
      { to: user.email, userId: null, template: "account_deleted", data: {}, now },
      deps.appName,
    );
    await deleteUser(trx, user.id);
  });
}

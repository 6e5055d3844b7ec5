import type { CredentialEvents } from "../credentials/credential-events.js";
import { DomainError } from "../errors/domain-error.js";
import type { RequestContext } from "../http/request-context.js";
import { deleteOutboxOfUser } from "../store/outbox-store.js";
import { entombSessionsOf } from "../store/session-tombstone-store.js";
import { deleteUser, type UserRow } from "../store/user-store.js";
import { otherAdminsThan } from "../store/admin-store.js";
import type { Tx } from "../store/db.js";
import { isAdmin } from "../store/roles.js";

export interface DeleteAccountDeps {
  credentials: CredentialEvents;
}

/**
 * Deletes the account and everything attached to it, as one credential event: under the
 * user's row lock, every session is revoked and its id kept as a tombstone, the mail still
 * waiting for the user is dropped, the user is deleted (every table that references it
 * cascades) and the goodbye notice queued (with no user id, so it outlives the account),
 * all in one transaction; then every instance hears of the ended sessions. A login racing
 * the deletion either committed its session before the lock (and it is revoked with the
 * rest) or fails on the missing user. The email is then free to register again.
 * The last administrator is never deleted (`last_admin`), by themselves or anyone else;
 * `alongside` runs in the same transaction (an administrator's audit line).
 */
export async function deleteAccount(
  deps: DeleteAccountDeps,
  user: Pick<UserRow, "id">,
  context: RequestContext = { ip: null, userAgent: null },
  alongside?: (trx: Tx, user: UserRow, now: number) => Promise<void>,
): Promise<void> {
  await deps.credentials.commit("account_deleted", {
    userId: user.id,
    context,
    change: async (trx, row, now) => {
      if (isAdmin(row) && (await otherAdminsThan(trx, deps.credentials.dialect, row.id)) === 0) {
        throw new DomainError("last_admin", "Another administrator must be named first");
      }
      await alongside?.(trx, row, now);
      await entombSessionsOf(trx, user.id);
      await deleteOutboxOfUser(trx, user.id);
      await deleteUser(trx, user.id);
    },
  });
}

import type { Kysely, Transaction } from "kysely";
import { transaction } from "./compiled-query.js";
import type { Database } from "./schema.js";

/**
 * Runs `work` in a transaction: a new one, or the caller's when the store was built on a
 * transaction already (Kysely has no nested transactions), so a store method joins the
 * change it is part of instead of failing.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : transaction(db, work);
}

import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

/**
 * The handle services pass to the store: the database, or a transaction open on it (a
 * transaction is a handle too). Services name it by this, never by Kysely's types, so the
 * query builder stays inside store/.
 */
export type Db = Kysely<Database>;

/** A transaction open on the store: what a change hands to the writes that commit with it. */
export type Tx = Transaction<Database>;

import type { Database as BetterSqlite, Statement } from "better-sqlite3";
import type { Db, Tx } from "./db.js";

/** A SQLite store's one connection, as prepared queries may use it directly. */
export interface SqliteConnection {
  sqlite: BetterSqlite;
  prepare(sql: string): Statement;
}

/**
 * The SQLite stores, and the transactions open on them, whose prepared queries run on the
 * connection directly; see `directConnectionOf`. A transaction is in here only while it is open.
 */
const direct = new WeakMap<Db, { connection: SqliteConnection; open: boolean }>();

/** Lets prepared queries on `db` (a SQLite store) run on its connection directly. */
export function runPreparedQueriesDirectly(db: Db, connection: SqliteConnection) {
  direct.set(db, { connection, open: false });
}

/**
 * Runs `work` in a transaction, the one way the API opens one. When `db` is a transaction
 * already, `work` joins it (Kysely has no nested transactions), so a store method called
 * inside a change becomes part of it instead of failing.
 *
 * On SQLite, the prepared queries run on a transaction opened here go to the connection
 * directly while it is open: Kysely holds its one connection for the transaction from
 * `BEGIN` to `COMMIT`, so nothing else runs on it then.
 */
export function transaction<T>(db: Db, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Tx);
  const store = direct.get(db);
  if (store === undefined) return db.transaction().execute(work);
  return db.transaction().execute(async (trx) => {
    direct.set(trx, { connection: store.connection, open: true });
    try {
      return await work(trx);
    } finally {
      direct.delete(trx);
    }
  });
}

/**
 * The connection a prepared query on `db` may run on at once instead of queueing behind
 * Kysely's lock (its promises are most of the rest of a short statement's cost), or
 * undefined when it must queue. On SQLite it may: inside a transaction opened with
 * `transaction` above, which holds the connection; outside any, when none is open
 * (better-sqlite3's `inTransaction`), as the queue would run it now, since better-sqlite3
 * runs a statement to its end synchronously. While another request's transaction is open,
 * a statement outside it queues as before, and never sees its uncommitted writes.
 */
export function directConnectionOf(db: Db): SqliteConnection | undefined {
  const store = direct.get(db);
  return store !== undefined && store.open === store.connection.sqlite.inTransaction
    ? store.connection
    : undefined;
}

import type { Database as BetterSqlite, Statement } from "better-sqlite3";
import type {
  Compilable,
  CompiledQuery,
  DialectAdapter,
  Kysely,
  QueryResult,
  Transaction,
} from "kysely";
import type { Database } from "./schema.js";

/** A SQLite store's one connection, as compiled queries may use it directly. */
export interface SqliteConnection {
  sqlite: BetterSqlite;
  prepare(sql: string): Statement;
}

/**
 * The SQLite stores, and the transactions open on them, whose compiled queries run on the
 * connection directly; see `compileOnce`. A transaction is in here only while it is open.
 */
const direct = new WeakMap<Kysely<Database>, { connection: SqliteConnection; open: boolean }>();

/** Lets compiled queries on `db` (a SQLite store) run on its connection directly. */
export function runCompiledQueriesDirectly(db: Kysely<Database>, connection: SqliteConnection) {
  direct.set(db, { connection, open: false });
}

/**
 * Runs `work` in a new transaction on `db`. On SQLite, the compiled queries run on that
 * transaction go to the connection directly while it is open: Kysely holds its one
 * connection for the transaction from `BEGIN` to `COMMIT`, so nothing else runs on it then.
 */
export function transaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const store = direct.get(db);
  if (store === undefined || store.open) return db.transaction().execute(work);
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
 * A query Kysely builds and compiles once per store, then runs again and again with new
 * values. Building a query (a tree of frozen nodes, visited into SQL) costs more than the
 * primary-key read or the one-row insert it becomes, and its garbage is most of what such a
 * request allocates; the SQL of one query shape never changes, only its parameters do. For
 * the statements every request, every login, every second factor and every refresh runs.
 *
 * `build` makes the query with placeholder values; `run(db, …values)` passes the values in
 * the order their placeholders appear in the SQL (for the queries used here, the order of
 * the builder's calls, and of an inserted object's keys), on the database or a transaction.
 *
 * On SQLite the statement runs on the connection at once instead of queueing behind
 * Kysely's lock (its promises are most of the rest of a short statement's cost): inside a
 * transaction opened with `transaction` above, which holds the connection; outside any,
 * when none is open (`inTransaction`), as the queue would run it now, since better-sqlite3
 * runs a statement to its end synchronously. While another request's transaction is open,
 * a statement outside it queues as before, and never sees its uncommitted writes.
 */
export function compileOnce<Row, Values extends unknown[]>(
  build: (db: Kysely<Database>) => Compilable<Row>,
) {
  // One compiled query per store (its SQL dialect): a store's transactions share its adapter.
  const compiledFor = new WeakMap<DialectAdapter, CompiledQuery<Row>>();
  return async (db: Kysely<Database>, ...parameters: Values): Promise<QueryResult<Row>> => {
    const { adapter } = db.getExecutor();
    let compiled = compiledFor.get(adapter);
    if (compiled === undefined) {
      compiled = build(db).compile();
      compiledFor.set(adapter, compiled);
    }
    if (parameters.length !== compiled.parameters.length) {
      throw new Error(
        `${compiled.sql} takes ${compiled.parameters.length} values, given ${parameters.length}`,
      );
    }
    const store = direct.get(db);
    if (store !== undefined && store.open === store.connection.sqlite.inTransaction) {
      const statement = store.connection.prepare(compiled.sql);
      if (statement.reader) return { rows: statement.all(parameters) as Row[] };
      const { changes } = statement.run(parameters);
      return { rows: [], numAffectedRows: BigInt(changes) };
    }
    return db.executeQuery<Row>({ ...compiled, parameters });
  };
}

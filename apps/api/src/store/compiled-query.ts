import type { Database as BetterSqlite, Statement } from "better-sqlite3";
import type { Compilable, Kysely, QueryResult } from "kysely";
import type { Database } from "./schema.js";

/** A SQLite store's one connection, as compiled queries may use it directly. */
interface SqliteConnection {
  sqlite: BetterSqlite;
  prepare(sql: string): Statement;
}

const sqliteConnections = new WeakMap<Kysely<Database>, SqliteConnection>();

/** Lets compiled queries on `db` (a SQLite store) run on its connection directly; see below. */
export function runCompiledQueriesDirectly(db: Kysely<Database>, connection: SqliteConnection) {
  sqliteConnections.set(db, connection);
}

/**
 * A query Kysely builds and compiles once, then runs again and again with new values.
 * Building a query (a tree of frozen nodes, visited into SQL) costs more than the primary-key
 * read it becomes, and its garbage is most of what such a request allocates; the SQL of one
 * query shape never changes, only its parameters do. For the statements every request runs.
 *
 * `query` is built with placeholder values; `run(db, …values)` passes the values in the order
 * their placeholders appear in the SQL (the builder's order for the queries used here), on
 * the database or on a transaction.
 *
 * On SQLite, outside any transaction, the statement runs on the connection at once instead
 * of queueing behind Kysely's lock (its promises are most of the rest of a read's cost).
 * That is the same as what the queue would do: Kysely holds its one connection across
 * awaits only for a transaction, better-sqlite3 runs a statement to its end synchronously,
 * and `inTransaction` says whether one is open, so a statement run now is one that could
 * have been queued now. While a transaction is open (another request's), it queues as before.
 */
export function compileOnce<Row, Values extends unknown[]>(query: Compilable<Row>) {
  const compiled = query.compile();
  const { sql } = compiled;
  const count = compiled.parameters.length;
  return (db: Kysely<Database>, ...parameters: Values): Promise<QueryResult<Row>> => {
    if (parameters.length !== count) {
      throw new Error(`${sql} takes ${count} values, given ${parameters.length}`);
    }
    const connection = sqliteConnections.get(db);
    if (connection !== undefined && !connection.sqlite.inTransaction) {
      try {
        const statement = connection.prepare(sql);
        if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as Row[] });
        const { changes } = statement.run(parameters);
        return Promise.resolve({ rows: [], numAffectedRows: BigInt(changes) });
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return db.executeQuery<Row>({ ...compiled, parameters });
  };
}

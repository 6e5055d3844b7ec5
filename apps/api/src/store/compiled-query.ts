import type { Compilable, CompiledQuery, DialectAdapter, Kysely, QueryResult } from "kysely";
import type { Database } from "./schema.js";
import { directConnectionOf } from "./transaction.js";

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
 * On SQLite the statement runs on the connection at once when that is safe, instead of
 * queueing behind Kysely's lock (`directConnectionOf` in transaction.ts says when).
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
    const connection = directConnectionOf(db);
    if (connection !== undefined) {
      const statement = connection.prepare(compiled.sql);
      if (statement.reader) return { rows: statement.all(parameters) as Row[] };
      const { changes } = statement.run(parameters);
      return { rows: [], numAffectedRows: BigInt(changes) };
    }
    return db.executeQuery<Row>({ ...compiled, parameters });
  };
}

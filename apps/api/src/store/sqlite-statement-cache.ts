import type { Database as BetterSqlite, Statement } from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

/** Distinct query shapes the API runs are a few dozen; this leaves room for `IN (…)` lists. */
const STATEMENTS_KEPT = 256;

/** Kysely's view of a SQLite database (`SqliteDatabase`), with better-sqlite3's statements. */
export interface CachedStatements extends SqliteDatabase {
  prepare(sql: string): Statement;
}

/**
 * Kysely's SQLite driver prepares every query anew, and preparing (SQLite parsing and
 * planning the SQL) costs more than running a primary-key read. A prepared statement can be
 * run again and again, and Kysely's SQL text for one query shape never changes (values are
 * always parameters), so the most recently used statements are kept by their text.
 * Kysely (and a prepared query run directly) runs one statement at a time, to its end, on
 * the one SQLite connection, so a statement is never used by two queries at once; a schema change recompiles kept statements by itself.
 */
export function withStatementCache(
  database: BetterSqlite,
  maxStatements = STATEMENTS_KEPT,
): CachedStatements {
  const statements = new Map<string, Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= maxStatements) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}

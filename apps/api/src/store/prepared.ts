import type {
  Compilable,
  CompiledQuery,
  DeleteResult,
  DialectAdapter,
  InsertResult,
  QueryResult,
  UpdateResult,
} from "kysely";
import type { Db } from "./db.js";
import { directConnectionOf } from "./transaction.js";

/**
 * The `p` a prepared query's builder is given: `p("id")` stands where the value named `id`
 * goes. It is typed as that value, so the builder checks it against the column as it would
 * the value itself.
 */
export type Params<Values> = <Name extends keyof Values & string>(name: Name) => Values[Name];

/** What a prepared query's rows are: none for a write without `returning`. */
type RowOf<Output> = Output extends InsertResult | UpdateResult | DeleteResult ? never : Output;

/** A value's place in the SQL until it is compiled: found among the parameters by identity. */
class Placeholder {
  constructor(readonly name: string) {}
}

interface Compiled {
  query: CompiledQuery;
  /** The name of the value each parameter of `query` takes, in order; a name may recur. */
  names: string[];
}

/**
 * A query Kysely builds and compiles once per store, then runs again and again with new
 * values. Building a query (a tree of frozen nodes, visited into SQL) costs more than the
 * primary-key read or the one-row insert it becomes, and its garbage is most of what such a
 * request allocates; the SQL of one query shape never changes, only its parameters do. For
 * the statements every request, every login, every second factor and every refresh runs.
 *
 * Values are named: `build` puts `p(name)` where each goes, and the query runs with an
 * object of them, on the database or a transaction:
 *
 *     const byId = prepared((db, p: Params<{ id: string }>) =>
 *       db.selectFrom("users").selectAll().where("id", "=", p("id")));
 *     const { rows } = await byId(db, { id });
 *
 * The rows are typed by the query itself. (The values' type is written on `p` rather than
 * as `prepared<{ id: string }>`: TypeScript infers all of a call's type arguments or none,
 * and the rows' type must be inferred.) At the first compile every parameter of the SQL
 * must be a placeholder, and the names in the SQL the very names of the values given: a
 * value the SQL does not take, or a placeholder it lost, is an error then, not a wrong row
 * later; a value missing (undefined) is an error at every run. A constant is written into
 * the SQL (`sql.lit`, `eb.lit`), never bound as a value.
 *
 * On SQLite the statement runs on the connection at once when that is safe, instead of
 * queueing behind Kysely's lock (`directConnectionOf` in transaction.ts says when).
 */
export function prepared<Values extends object, Output>(
  build: (db: Db, p: Params<Values>) => Compilable<Output>,
) {
  type Row = RowOf<Output>;
  // One compiled query per store (its SQL dialect): a store's transactions share its adapter.
  const compiledFor = new WeakMap<DialectAdapter, Compiled>();
  return async (db: Db, values: Values): Promise<QueryResult<Row>> => {
    const { adapter } = db.getExecutor();
    let compiled = compiledFor.get(adapter);
    if (compiled === undefined) {
      compiled = compile(db, build as (db: Db, p: Params<object>) => Compilable<unknown>, values);
      compiledFor.set(adapter, compiled);
    }
    const { query, names } = compiled;
    const parameters: unknown[] = new Array(names.length);
    for (let i = 0; i < names.length; i++) {
      const value = (values as Record<string, unknown>)[names[i]!];
      // SQL has null, never undefined: a value left out is an error, not a NULL.
      if (value === undefined)
        throw new Error(`prepared query ${query.sql}: no value given for ${names[i]}`);
      parameters[i] = value;
    }
    const connection = directConnectionOf(db);
    if (connection !== undefined) {
      const statement = connection.prepare(query.sql);
      if (statement.reader) return { rows: statement.all(parameters) as Row[] };
      const { changes } = statement.run(parameters);
      return { rows: [], numAffectedRows: BigInt(changes) };
    }
    return db.executeQuery<Row>({ ...query, parameters } as CompiledQuery<Row>);
  };
}

function compile(
  db: Db,
  build: (db: Db, p: Params<object>) => Compilable<unknown>,
  values: object,
): Compiled {
  const placeholders = new Map<string, Placeholder>();
  const p = (name: string) => {
    let placeholder = placeholders.get(name);
    if (placeholder === undefined) {
      placeholder = new Placeholder(name);
      placeholders.set(name, placeholder);
    }
    return placeholder;
  };
  const query = build(db, p as Params<object>).compile();
  const names = query.parameters.map((parameter, i) => {
    if (parameter instanceof Placeholder && placeholders.get(parameter.name) === parameter) {
      return parameter.name;
    }
    throw new Error(
      `prepared query ${query.sql}: parameter ${i + 1} is a value, not a p("name"); ` +
        "name it, or write a constant into the SQL with sql.lit",
    );
  });
  const inSql = new Set(names);
  const given = Object.keys(values);
  const missing = [...inSql].filter((name) => !given.includes(name));
  const extra = given.filter((name) => !inSql.has(name));
  const problems = [
    ...(missing.length > 0 ? [`no value given for ${missing.join(", ")}`] : []),
    ...(extra.length > 0 ? [`given ${extra.join(", ")}, which the SQL does not take`] : []),
  ];
  if (problems.length > 0) throw new Error(`prepared query ${query.sql}: ${problems.join("; ")}`);
  return { query, names };
}

import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../src/http/error-handler.js";
import { openDatabase, type DatabaseHandle } from "../../src/store/database.js";
import { closedPort, startTcpProxy, type TcpProxy } from "./tcp-proxy.js";
import { createTestSchema, testDatabaseUrl, withClient, type TestSchema } from "./test-database.js";
import { waitFor } from "./wait-for.js";

// What node-postgres really throws when the database is away, collected from a real
// server and a real socket: the error handler must answer 503 for each, 500 for the rest.
let schema: TestSchema;
let proxy: TcpProxy;
let server: string;

beforeAll(async () => {
  schema = await createTestSchema();
  server = await testDatabaseUrl();
  const parsed = new URL(server);
  proxy = await startTcpProxy({ host: parsed.hostname, port: Number(parsed.port || 5432) });
});

afterAll(async () => {
  await proxy?.close();
  await schema?.drop();
});

async function errorOf(work: () => Promise<unknown>): Promise<Error> {
  try {
    await work();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the work to fail");
}

async function withPool<T>(
  url: string,
  use: (pool: pg.Pool) => Promise<T>,
  options: pg.PoolConfig = {},
): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 300, ...options });
  pool.on("error", () => {});
  try {
    return await use(pool);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

const backends = (applicationName: string, state?: string) =>
  withClient(server, (c) =>
    c.query(
      "select 1 from pg_stat_activity where application_name = $1 and ($2::text is null or state = $2)",
      [applicationName, state ?? null],
    ),
  ).then((r) => r.rowCount ?? 0);

const terminate = (applicationName: string) =>
  withClient(server, (c) =>
    c.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1", [
      applicationName,
    ]),
  );

describe("errors that mean the database is unavailable", () => {
  it("when nothing listens on the port, then ECONNREFUSED is a 503", async () => {
    const port = await closedPort();
    const err = await errorOf(() =>
      withPool(`postgres://postgres@127.0.0.1:${port}/test`, (p) => p.query("select 1")),
    );
    expect((err as { code?: string }).code).toBe("ECONNREFUSED");
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("when the server never answers, then the pool's connect timeout (no code) is a 503", async () => {
    await proxy.cut("blackhole");
    try {
      const err = await errorOf(() => withPool(proxy.via(server), (p) => p.query("select 1")));
      expect(err.message).toMatch(/timeout/i);
      expect((err as { code?: string }).code).toBeUndefined();
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      await proxy.restore();
    }
  });

  it("when the connection drops as it opens, then 'Connection terminated unexpectedly' (no code) is a 503", async () => {
    await proxy.cut("reset");
    try {
      const err = await errorOf(() => withPool(proxy.via(server), (p) => p.query("select 1")));
      expect(err.message).toBe("Connection terminated unexpectedly");
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      await proxy.restore();
    }
  });

  it("when the server terminates a running query, then 57P01 is a 503, and so is reusing that client", async () => {
    const name = `terminated-${schema.name}`;
    const url = new URL(server);
    url.searchParams.set("application_name", name);
    const [during, after] = await withPool(url.toString(), async (pool) => {
      const client = await pool.connect();
      client.on("error", () => {});
      try {
        const sleeping = errorOf(() => client.query("select pg_sleep(10)"));
        await waitFor(async () => (await backends(name, "active")) > 0, { what: "query running" });
        await terminate(name);
        return [await sleeping, await errorOf(() => client.query("select 1"))];
      } finally {
        client.release(true);
      }
    });
    expect((during as { code?: string }).code).toBe("57P01");
    expect(isDatabaseUnavailable(during)).toBe(true);
    expect(isDatabaseUnavailable(after)).toBe(true);
  });

  it("when a query is merely wrong, then it is not taken for an outage (a 500, logged)", async () => {
    const syntax = await errorOf(() => withPool(server, (p) => p.query("selec 1")));
    const missing = await errorOf(() =>
      withPool(server, (p) => p.query("select * from no_such_table_here")),
    );
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(isDatabaseUnavailable(missing)).toBe(false);
    expect(isDatabaseUnavailable(new Error("something else"))).toBe(false);
  });
});

describe("the store's pool when a connection dies under it", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase(schema.url);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("when a connection is killed inside a transaction, then the transaction fails, the process survives, and the next query works", async () => {
    const failed = await errorOf(() =>
      handle.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        // Between two statements the client is checked out and idle: its socket dies here.
        await terminate(schema.name);
        await waitFor(async () => (await backends(schema.name)) === 0, { what: "connection gone" });
        await sql`select 2`.execute(trx);
      }),
    );

    expect(isDatabaseUnavailable(failed)).toBe(true);
    const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(handle.db);
    expect(rows).toEqual([{ ok: 1 }]);
  });
});

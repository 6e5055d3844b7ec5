import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { apiPaths } from "@jwt-auth/shared";
import { openDatabase } from "@jwt-auth/api/database";
import { startApi } from "../api-server.js";
import { onCleanup } from "../cleanup.js";
import type { CaseResult, Figure } from "../figure.js";
import { mintAccessTokens } from "../mint-tokens.js";
import type { BenchOptions } from "../options.js";
import { POSTGRES_URL, postgresAvailable, withSearchPath } from "../seed-users.js";
import { median, percentile, round } from "../stats.js";

const GOAL_MS = 50;
const NAMES = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"];
const BASE_TIME = Date.UTC(2026, 0, 1);

/**
 * DESIGN.md's administration figure: `GET /api/admin/users?query=` at a million users, p50
 * under 50 ms, on SQLite and on PostgreSQL. Only users are seeded (the search reads nothing
 * else), one request at a time through the real API with an administrator's token, for a mix
 * of what support types: part of one user's email (one match), a common name (a match on
 * every fifth row), a term nothing matches (the worst case: every row is looked at, or the
 * index says none at once), the first page with no query, and the next page of the common name.
 * Set BENCH_ADMIN_SEARCH=sqlite or postgres to measure one store.
 */
export async function adminSearch(options: BenchOptions): Promise<CaseResult> {
  const { users, rounds } = options.timing.adminSearch;
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const only = process.env.BENCH_ADMIN_SEARCH;
  for (const dialect of ["sqlite", "postgres"] as const) {
    if (only && only !== dialect) continue;
    if (dialect === "postgres" && !(await postgresAvailable())) {
      figures.push({
        name: "admin-search-postgres",
        value: "PostgreSQL not reachable",
        goal: `p50 < ${GOAL_MS} ms`,
        ok: undefined,
      });
      continue;
    }
    const began = performance.now();
    const store = dialect === "sqlite" ? await sqliteUsers(users) : await postgresUsers(users);
    console.log(
      `  seeded ${users.toLocaleString("en")} users on ${dialect} in ${((performance.now() - began) / 1000).toFixed(0)} s`,
    );
    const api = await startApi({ name: `api ${dialect} admin search`, databaseUrl: store.url });
    try {
      const [token] = mintAccessTokens([
        {
          id: userId(0),
          email: email(0),
          name: NAMES[0]!,
          roles: ["admin", "user"],
          emailVerified: true,
        },
      ]);
      const get = async (query: Record<string, string>) => {
        const url = `${api.url}${apiPaths.adminUsers}?${new URLSearchParams(query)}`;
        const start = performance.now();
        const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { users: unknown[]; next: string | null };
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
        return { ms: performance.now() - start, body };
      };
      const common = await get({ query: "hopper" });
      const queries: Record<string, () => Record<string, string>> = {
        "one user's email": () => ({ query: `user${Math.floor(Math.random() * users)}@` }),
        "a common name": () => ({ query: "hopper" }),
        "no match": () => ({ query: `zq${Math.random().toString(36).slice(2, 6)}` }),
        "first page": () => ({}),
        "next page": () => ({ query: "hopper", before: common.body.next ?? "" }),
      };
      const samples: Record<string, number[]> = {};
      // One round first, not counted: the store's pages come into memory as in a server that runs.
      for (const query of Object.values(queries)) await get(query());
      for (let round = 0; round < rounds; round++) {
        for (const [name, query] of Object.entries(queries)) {
          (samples[name] ??= []).push((await get(query())).ms);
        }
      }
      const all = Object.values(samples).flat();
      const p50 = median(all);
      const perQuery = Object.fromEntries(
        Object.entries(samples).map(([name, ms]) => [
          name,
          { p50: round(median(ms), 1), p95: round(percentile(ms, 95), 1) },
        ]),
      );
      details[dialect] = {
        users,
        rounds,
        p50: round(p50, 1),
        p95: round(percentile(all, 95), 1),
        perQuery,
      };
      figures.push({
        name: `admin-search-${dialect}`,
        value: `p50 ${round(p50, 1)} ms at ${users.toLocaleString("en")} users (${Object.entries(
          perQuery,
        )
          .map(([name, q]) => `${name} ${q.p50}`)
          .join(", ")})`,
        goal: `p50 < ${GOAL_MS} ms`,
        ok: p50 < GOAL_MS,
      });
    } finally {
      await api.stop();
      await store.drop();
    }
  }
  return { figures, details };
}

const userId = (i: number) => `bench-user-${String(i).padStart(8, "0")}`;
const email = (i: number) => `user${i}@search.bench`;

/** The name of row i, as SQL over the series variable `i` (the same on both stores). */
const nameSql = (i: string) =>
  `(CASE ${i} % 5 ${NAMES.map((name, k) => `WHEN ${k} THEN '${name}'`).join(" ")} END) || ' ' || ${i}`;

async function sqliteUsers(count: number): Promise<{ url: string; drop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-bench-search-"));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  onCleanup(remove);
  const file = path.join(dir, "app.db");
  await (await openDatabase(`sqlite:${file}`)).close();
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF");
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
       INSERT INTO users (id, email, name, password_hash, created_at, updated_at, email_verified_at, roles)
       SELECT 'bench-user-' || printf('%08d', i), 'user' || i || '@search.bench', ${nameSql("i")}, '', ? + i * 1000, ? + i * 1000, NULL,
              CASE WHEN i = 0 THEN '["admin","user"]' ELSE '["user"]' END
       FROM n`,
    ).run(count, BASE_TIME, BASE_TIME);
    db.exec("ANALYZE");
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  return { url: `sqlite:${file}`, drop: async () => remove() };
}

async function postgresUsers(count: number): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `jwt_auth_bench_search_${process.pid}`;
  const url = withSearchPath(POSTGRES_URL, schema);
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  const drop = async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  };
  onCleanup(drop);
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
    await (await openDatabase(url)).close();
    await admin.query(`SET search_path TO ${schema}`);
    // Built once after the rows, faster than kept up row by row.
    const { rows: trigram } = await admin.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE '%_trgm'`,
      [schema],
    );
    for (const index of trigram) await admin.query(`DROP INDEX ${index.indexname}`);
    await admin.query(
      `INSERT INTO users (id, email, name, password_hash, created_at, updated_at, email_verified_at, roles)
       SELECT 'bench-user-' || lpad(i::text, 8, '0'), 'user' || i || '@search.bench', ${nameSql("i")}, '', $2::bigint + i * 1000, $2::bigint + i * 1000, NULL,
              CASE WHEN i = 0 THEN '["admin","user"]' ELSE '["user"]' END
       FROM generate_series(0, $1::int - 1) AS i`,
      [count, BASE_TIME],
    );
    for (const index of trigram) await admin.query(index.indexdef);
    await admin.query("ANALYZE users");
  } finally {
    await admin.end();
  }
  return { url, drop };
}

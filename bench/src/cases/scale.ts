import Database from "better-sqlite3";
import pg from "pg";
import { apiPaths } from "@jwt-auth/shared";
import type autocannon from "autocannon";
import { startApi } from "../api-server.js";
import type { CaseResult, Figure } from "../figure.js";
import { runLoad, type LoadResult } from "../load.js";
import { mintAccessTokens, type SeededUser } from "../mint-tokens.js";
import type { BenchOptions } from "../options.js";
import { seededLogin } from "../login-request.js";
import { postgresAvailable, seededEmail, seededPostgres, seededSqlite } from "../seed-users.js";
import type { ServerProcess } from "../server-process.js";
import { alternate, median, round } from "../stats.js";

const GOAL = 1.2;
const CONNECTIONS = 4;

interface Store {
  size: number;
  databaseUrl: string;
  sample(emails: string[]): Promise<SeededUser[]>;
  drop(): Promise<void>;
}

/**
 * Login and profile latency with a small and a large user table, on SQLite and on
 * PostgreSQL: the two APIs run side by side and are loaded in turns. Profile requests carry
 * tokens of thousands of different users and logins pick users across the whole table, so
 * the large store is really read all over, not through one hot row.
 */
export async function scale(options: BenchOptions): Promise<CaseResult> {
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  for (const dialect of ["sqlite", "postgres"] as const) {
    if (dialect === "postgres" && !(await postgresAvailable())) {
      figures.push({
        name: "scale-postgres",
        value: "PostgreSQL not reachable",
        goal: `<= ${GOAL} x`,
        ok: undefined,
      });
      continue;
    }
    const result = await measureDialect(dialect, options);
    figures.push(result.figure);
    details[dialect] = result.details;
  }
  return { figures, details };
}

async function measureDialect(dialect: "sqlite" | "postgres", options: BenchOptions) {
  const t = options.timing.scale;
  const [small, large] = t.sizes;
  const stores: Store[] = [];
  const apis: ServerProcess[] = [];
  try {
    for (const size of t.sizes)
      stores.push(dialect === "sqlite" ? await sqliteStore(size) : await postgresStore(size));
    // Tokens of users spread over the whole table, taken before the APIs open the stores.
    const tokenSets = await Promise.all(
      stores.map(async (store) => {
        const picks = Array.from({ length: Math.min(t.tokens, store.size) }, () =>
          seededEmail(Math.floor(Math.random() * store.size)),
        );
        return mintAccessTokens(await store.sample(picks));
      }),
    );
    for (const store of stores)
      apis.push(
        await startApi({ name: `api ${dialect} ${store.size}`, databaseUrl: store.databaseUrl }),
      );
    const workloads = stores.map((store, i) => ({
      api: apis[i]!,
      size: store.size,
      tokens: tokenSets[i]!,
    }));
    const profileTrial = (w: (typeof workloads)[number], seconds: number) => () =>
      runLoad({
        url: `${w.api.url}${apiPaths.profile}`,
        durationSeconds: seconds,
        connections: CONNECTIONS,
        requests: rotatingTokens(w.tokens),
      });
    const loginTrial = (w: (typeof workloads)[number], seconds: number) => () =>
      runLoad({
        url: `${w.api.url}${apiPaths.login}`,
        durationSeconds: seconds,
        connections: CONNECTIONS,
        requests: randomLogins(w.size),
      });

    for (const w of workloads) {
      await profileTrial(w, 1)();
      await loginTrial(w, 1)();
    }
    const [w1, w2] = workloads as [(typeof workloads)[number], (typeof workloads)[number]];
    const profile = await alternate(t.rounds, [
      { name: "small", run: profileTrial(w1, t.seconds) },
      { name: "large", run: profileTrial(w2, t.seconds) },
    ]);
    const logins = await alternate(t.rounds, [
      { name: "small", run: loginTrial(w1, t.seconds) },
      { name: "large", run: loginTrial(w2, t.seconds) },
    ]);
    const summarize = (runs: Map<string, LoadResult[]>) => {
      const p50 = {
        small: median(runs.get("small")!.map((r) => r.p50Ms)),
        large: median(runs.get("large")!.map((r) => r.p50Ms)),
      };
      const p99 = {
        small: median(runs.get("small")!.map((r) => r.p99Ms)),
        large: median(runs.get("large")!.map((r) => r.p99Ms)),
      };
      return {
        p50,
        p99,
        ratio: round(p50.large / p50.small, 2),
        p99Ratio: round(p99.large / p99.small, 2),
        rounds: Object.fromEntries(runs),
      };
    };
    const p = summarize(profile);
    const l = summarize(logins);
    const label = (n: number) =>
      n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n);
    const figure: Figure = {
      name: `scale-${dialect}`,
      value:
        `${label(large)} vs ${label(small)} users: profile p50 ${p.ratio.toFixed(2)} x (${p.p50.large.toFixed(2)} vs ${p.p50.small.toFixed(2)} ms, p99 ${p.p99Ratio.toFixed(2)} x), ` +
        `login p50 ${l.ratio.toFixed(2)} x (${l.p50.large.toFixed(1)} vs ${l.p50.small.toFixed(1)} ms, p99 ${l.p99Ratio.toFixed(2)} x)`,
      goal: `<= ${GOAL} x`,
      ok: p.ratio <= GOAL && l.ratio <= GOAL,
    };
    return {
      figure,
      details: { sizes: t.sizes, connections: CONNECTIONS, tokens: t.tokens, profile: p, login: l },
    };
  } finally {
    for (const api of apis) await api.stop();
    for (const store of stores) await store.drop();
  }
}

async function sqliteStore(size: number): Promise<Store> {
  const file = await seededSqlite(size);
  return {
    size,
    databaseUrl: `sqlite:${file}`,
    async sample(emails) {
      const db = new Database(file, { readonly: true });
      try {
        const find = db.prepare<[string], SeededUser>(
          "SELECT id, email, name FROM users WHERE email = ?",
        );
        return emails.map((email) => find.get(email)!);
      } finally {
        db.close();
      }
    },
    async drop() {},
  };
}

async function postgresStore(size: number): Promise<Store> {
  const store = await seededPostgres(size);
  return {
    size,
    databaseUrl: store.url,
    async sample(emails) {
      const client = new pg.Client({ connectionString: store.url });
      await client.connect();
      try {
        const { rows } = await client.query<SeededUser>(
          "SELECT id, email, name FROM users WHERE email = ANY($1)",
          [emails],
        );
        const byEmail = new Map(rows.map((r) => [r.email, r]));
        return emails.map((email) => byEmail.get(email)!);
      } finally {
        await client.end();
      }
    },
    drop: store.drop,
  };
}

function rotatingTokens(tokens: readonly string[]): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: "GET",
      setupRequest: (request) => ({
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
      }),
    },
  ];
}

function randomLogins(size: number): autocannon.Request[] {
  return [seededLogin(() => Math.floor(Math.random() * size))];
}

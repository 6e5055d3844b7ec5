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
import {
  postgresAvailable,
  SEED_MIX,
  seededEmail,
  seededPostgres,
  seededSqlite,
} from "../seed-users.js";
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

/** The reads compared, each by a user's own rows: the account, its sessions, its security log. */
const READS = [
  { name: "profile", path: apiPaths.profile },
  { name: "sessions", path: apiPaths.sessions },
  { name: "activity", path: apiPaths.activity },
] as const;
type Endpoint = (typeof READS)[number]["name"] | "login";

/**
 * Latency of the profile, the sessions list, the activity page and logins with a small and
 * a large store (every user with sessions, activity and, for some, second factors), on
 * SQLite and on PostgreSQL: the two APIs run side by side and are loaded in turns. Reads
 * carry tokens of thousands of different users and logins pick users across the whole
 * table, so the large store is really read all over, not through one hot row.
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
    type Workload = (typeof workloads)[number];
    for (const w of workloads) await expectRows(w.api.url, w.tokens[0]!);
    const readTrial = (path: string) => (w: Workload, seconds: number) => () =>
      runLoad({
        url: `${w.api.url}${path}`,
        durationSeconds: seconds,
        connections: CONNECTIONS,
        requests: rotatingTokens(w.tokens),
      });
    const loginTrial = (w: Workload, seconds: number) => () =>
      runLoad({
        url: `${w.api.url}${apiPaths.login}`,
        durationSeconds: seconds,
        connections: CONNECTIONS,
        requests: randomLogins(w.size),
      });
    const trials: Array<{ name: Endpoint; seconds: number; trial: typeof loginTrial }> = [
      ...READS.map((r) => ({ name: r.name, seconds: t.readSeconds, trial: readTrial(r.path) })),
      { name: "login", seconds: t.seconds, trial: loginTrial },
    ];

    for (const w of workloads) for (const { trial } of trials) await trial(w, 1)();
    const [w1, w2] = workloads as [Workload, Workload];
    const results = {} as Record<Endpoint, ReturnType<typeof summarize>>;
    for (const { name, seconds, trial } of trials) {
      const runs = await alternate(t.rounds, [
        { name: "small", run: trial(w1, seconds) },
        { name: "large", run: trial(w2, seconds) },
      ]);
      results[name] = summarize(runs);
    }
    const label = (n: number) =>
      n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n);
    const part = (name: Endpoint) => {
      const r = results[name];
      const ms = (v: number) => v.toFixed(name === "login" ? 1 : 2);
      return `${name} p50 ${r.ratio.toFixed(2)} x (${ms(r.p50.large)} vs ${ms(r.p50.small)} ms, p99 ${r.p99Ratio.toFixed(2)} x)`;
    };
    const figure: Figure = {
      name: `scale-${dialect}`,
      value: `${label(large)} vs ${label(small)} users: ${trials.map((x) => part(x.name)).join(", ")}`,
      goal: `<= ${GOAL} x`,
      ok: trials.every((x) => results[x.name].ratio <= GOAL),
    };
    return {
      figure,
      details: {
        sizes: t.sizes,
        connections: CONNECTIONS,
        tokens: t.tokens,
        rowsPerUser: SEED_MIX,
        ...results,
      },
    };
  } finally {
    for (const api of apis) await api.stop();
    for (const store of stores) await store.drop();
  }
}

/** A user and their most recently used session: the token is that session's, as a browser's would be. */
const SAMPLE_SQL = `SELECT u.id, u.email, u.name, u.email_verified_at,
  (SELECT s.id FROM sessions s WHERE s.user_id = u.id ORDER BY s.last_used_at DESC LIMIT 1) AS sid
  FROM users u WHERE u.email = $1`;
interface SampleRow {
  id: string;
  email: string;
  name: string;
  email_verified_at: number | string | null;
  sid: string | null;
}
const toSeededUser = (r: SampleRow): SeededUser => ({
  id: r.id,
  email: r.email,
  name: r.name,
  emailVerified: r.email_verified_at !== null,
  sessionId: r.sid,
});

async function sqliteStore(size: number): Promise<Store> {
  const file = await seededSqlite(size, { inPlace: true });
  return {
    size,
    databaseUrl: `sqlite:${file}`,
    async sample(emails) {
      const db = new Database(file, { readonly: true });
      try {
        const find = db.prepare<[string], SampleRow>(SAMPLE_SQL.replace("$1", "?"));
        return emails.map((email) => toSeededUser(find.get(email)!));
      } finally {
        db.close();
      }
    },
    async drop() {},
  };
}

async function postgresStore(size: number): Promise<Store> {
  const store = await seededPostgres(size, { cached: true });
  return {
    size,
    databaseUrl: store.url,
    async sample(emails) {
      const client = new pg.Client({ connectionString: store.url });
      await client.connect();
      try {
        const { rows } = await client.query<SampleRow>(SAMPLE_SQL.replace("= $1", "= ANY($1)"), [
          emails,
        ]);
        const byEmail = new Map(rows.map((r) => [r.email, toSeededUser(r)]));
        return emails.map((email) => byEmail.get(email)!);
      } finally {
        await client.end();
      }
    },
    drop: store.drop,
  };
}

function summarize(runs: Map<string, LoadResult[]>) {
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
}

/** The user behind a token has sessions and events: the reads measured are not of empty lists. */
async function expectRows(baseUrl: string, token: string): Promise<void> {
  const get = async (path: string) => {
    const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    return (await res.json()) as { sessions?: unknown[]; events?: unknown[] };
  };
  const { sessions = [] } = await get(apiPaths.sessions);
  const { events = [] } = await get(apiPaths.activity);
  if (sessions.length === 0 || events.length === 0)
    throw new Error(`a seeded user has ${sessions.length} sessions and ${events.length} events`);
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

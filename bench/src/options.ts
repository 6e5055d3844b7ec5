/** What to run and for how long: the full run (under ten minutes) or `--quick` (a smoke run). */
export const CASES = [
  "protected-route",
  "login",
  "mfa-login",
  "login-timing",
  "revocation",
  "scale",
  "spa",
  "memory",
  "mail",
  "revoke",
  "metrics-cost",
  "admin-search",
] as const;
export type CaseName = (typeof CASES)[number];

export interface BenchOptions {
  quick: boolean;
  cases: CaseName[];
  /** Also record a CPU profile of the API under each load and summarise where the time went. */
  profile: boolean;
  /** Login case only: repeat the storm with each of these UV_THREADPOOL_SIZE values. */
  threadPools: number[];
  timing: Timing;
}

export interface Timing {
  protectedRoute: { warmupSeconds: number; rounds: number; seconds: number; connections: number };
  login: {
    rounds: number;
    seconds: number;
    concurrency: number;
    stormSeconds: number;
    stormConnections: number;
    stormRounds: number;
  };
  mfaLogin: { users: number; rounds: number; seconds: number; connections: number };
  loginTiming: { warmup: number; rounds: number };
  revocation: { rounds: number };
  /** `seconds` per login trial, `readSeconds` per trial of each read (profile, sessions, activity). */
  scale: {
    sizes: [number, number];
    rounds: number;
    seconds: number;
    readSeconds: number;
    tokens: number;
  };
  memory: { warmupSeconds: number; seconds: number; sampleEverySeconds: number };
  revoke: { rounds: number };
  metricsCost: {
    /** APIs on each side, started in pairs (one of each side). */
    pairs: number;
    warmupSeconds: number;
    rounds: number;
    seconds: number;
    connections: number;
    /** How long the API under the profiler is loaded. */
    profileSeconds: number;
  };
  /** Users seeded for the admin search, and how many times each query is timed. */
  adminSearch: { users: number; rounds: number };
}

const FULL: Timing = {
  protectedRoute: { warmupSeconds: 2, rounds: 8, seconds: 2, connections: 10 },
  login: {
    rounds: 3,
    seconds: 6,
    concurrency: 16,
    stormSeconds: 10,
    stormConnections: 64,
    stormRounds: 2,
  },
  mfaLogin: { users: 60_000, rounds: 4, seconds: 3, connections: 10 },
  loginTiming: { warmup: 3, rounds: 24 },
  revocation: { rounds: 20 },
  scale: { sizes: [1_000, 1_000_000], rounds: 3, seconds: 4, readSeconds: 2, tokens: 5_000 },
  memory: { warmupSeconds: 20, seconds: 60, sampleEverySeconds: 3 },
  revoke: { rounds: 30 },
  metricsCost: {
    pairs: 6,
    warmupSeconds: 2,
    rounds: 6,
    seconds: 2,
    connections: 10,
    profileSeconds: 15,
  },
  adminSearch: { users: 1_000_000, rounds: 15 },
};

const QUICK: Timing = {
  protectedRoute: { warmupSeconds: 1, rounds: 2, seconds: 1, connections: 10 },
  login: {
    rounds: 2,
    seconds: 3,
    concurrency: 16,
    stormSeconds: 4,
    stormConnections: 64,
    stormRounds: 1,
  },
  mfaLogin: { users: 5_000, rounds: 2, seconds: 1, connections: 10 },
  loginTiming: { warmup: 2, rounds: 10 },
  revocation: { rounds: 5 },
  scale: { sizes: [1_000, 20_000], rounds: 1, seconds: 2, readSeconds: 1, tokens: 1_000 },
  memory: { warmupSeconds: 3, seconds: 15, sampleEverySeconds: 1 },
  revoke: { rounds: 10 },
  metricsCost: {
    pairs: 2,
    warmupSeconds: 1,
    rounds: 4,
    seconds: 1,
    connections: 10,
    profileSeconds: 3,
  },
  adminSearch: { users: 50_000, rounds: 5 },
};

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flag = (name: string) => argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const value = (name: string) => flag(name)?.split("=")[1];
  const quick = flag("quick") !== undefined || env.BENCH_QUICK === "1";
  const only = (value("only") ?? env.BENCH_ONLY)?.split(",").filter(Boolean);
  for (const name of only ?? []) {
    if (!(CASES as readonly string[]).includes(name))
      throw new Error(`unknown case "${name}" (cases: ${CASES.join(", ")})`);
  }
  const threadPools = (value("threadpool") ?? "").split(",").filter(Boolean).map(Number);
  if (threadPools.some((n) => !Number.isInteger(n) || n < 1 || n > 1024))
    throw new Error("--threadpool takes sizes like 1,2,4");
  return {
    quick,
    cases: only ? (only as CaseName[]) : [...CASES],
    profile: flag("profile") !== undefined || env.BENCH_PROFILE === "1",
    threadPools,
    timing: quick ? QUICK : FULL,
  };
}

import { randomUUID } from "node:crypto";
import { apiPaths } from "@jwt-auth/shared";
import { register, startApi } from "../api-server.js";
import type { CaseResult } from "../figure.js";
import type { BenchOptions } from "../options.js";
import { postgresAvailable, seededPostgres } from "../seed-users.js";
import { median, percentile, round } from "../stats.js";

const GOAL_MS = 1_000;

/** `GET /api/user/profile` with `token`: the status and the problem code, if any. */
async function profileVerdict(baseUrl: string, token: string): Promise<string> {
  const res = await fetch(`${baseUrl}${apiPaths.profile}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { code?: string };
  return res.status === 200 ? "ok" : `${res.status} ${body.code ?? ""}`;
}

/**
 * Revocation between instances: two API processes on one PostgreSQL schema; a user logs out
 * of all devices on A, and the time until B refuses that user's access token (LISTEN/NOTIFY
 * brings B the news) is measured from A's 204. The tests only check that B does refuse.
 */
export async function revocation(options: BenchOptions): Promise<CaseResult> {
  const name = "revocation-propagation";
  const goal = `< ${GOAL_MS} ms`;
  if (!(await postgresAvailable())) {
    return {
      figures: [{ name, value: "PostgreSQL not reachable", goal, ok: undefined }],
      details: {},
    };
  }
  const store = await seededPostgres(0);
  const [a, b] = await Promise.all([
    startApi({ name: "api-a", databaseUrl: store.url }),
    startApi({ name: "api-b", databaseUrl: store.url }),
  ]);
  const times: number[] = [];
  try {
    for (let round = 0; round < options.timing.revocation.rounds; round++) {
      const user = await register(a.url, `revoke-${randomUUID().slice(0, 8)}@bench.example`);
      const before = await profileVerdict(b.url, user.accessToken);
      if (before !== "ok") throw new Error(`B refused a fresh token: ${before}`);
      const res = await fetch(`${a.url}${apiPaths.logoutAll}`, {
        method: "POST",
        headers: { authorization: `Bearer ${user.accessToken}` },
      });
      if (res.status !== 204) throw new Error(`logout-all answered ${res.status}`);
      const revokedAt = performance.now();
      for (;;) {
        if ((await profileVerdict(b.url, user.accessToken)) === "401 token_revoked") break;
        if (performance.now() - revokedAt > 30_000) throw new Error("B never refused the token");
      }
      times.push(performance.now() - revokedAt);
    }
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await store.drop();
  }
  const worst = Math.max(...times);
  return {
    figures: [
      {
        name,
        value: `logout-all on A refused by B after ${round(median(times), 1)} ms median, ${round(percentile(times, 90), 1)} ms p90, ${round(worst, 1)} ms worst (${times.length} rounds)`,
        goal,
        ok: worst < GOAL_MS,
      },
    ],
    details: { timesMs: times.map((t) => round(t, 2)) },
  };
}

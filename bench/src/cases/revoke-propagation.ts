import { randomUUID } from "node:crypto";
import { apiPaths } from "@jwt-auth/shared";
import { login, register, startApi } from "../api-server.js";
import type { CaseResult } from "../figure.js";
import type { BenchOptions } from "../options.js";
import { postgresAvailable, seededPostgres } from "../seed-users.js";
import type { ServerProcess } from "../server-process.js";
import { median, round } from "../stats.js";

const GOAL_MS = 1_000;

/**
 * How long a session revoked on instance A (from the security page: DELETE
 * /api/user/sessions/{id}) takes to be refused by instance B, two API processes on one
 * PostgreSQL schema. B has verified the token before (it sits in B's cache), and B is
 * asked every 2 ms from the moment A has answered 204.
 */
export async function revokePropagation(options: BenchOptions): Promise<CaseResult> {
  if (!(await postgresAvailable())) {
    return {
      figures: [
        {
          name: "revoke-propagation",
          value: "PostgreSQL not reachable",
          goal: `<= ${GOAL_MS} ms`,
          ok: undefined,
        },
      ],
      details: {},
    };
  }
  const store = await seededPostgres(0);
  const apis: ServerProcess[] = [];
  try {
    apis.push(await startApi({ name: "api A", databaseUrl: store.url }));
    apis.push(await startApi({ name: "api B", databaseUrl: store.url }));
    const [a, b] = apis as [ServerProcess, ServerProcess];
    const samples: number[] = [];
    for (let i = 0; i < options.timing.revoke.rounds; i++) samples.push(await oneRevoke(a, b));
    const sorted = [...samples].sort((x, y) => x - y);
    const p50 = round(median(samples), 1);
    const max = round(sorted.at(-1)!, 1);
    return {
      figures: [
        {
          name: "revoke-propagation",
          value: `p50 ${p50} ms, max ${max} ms over ${samples.length} revokes`,
          goal: `<= ${GOAL_MS} ms`,
          ok: max <= GOAL_MS,
        },
      ],
      details: { samplesMs: samples.map((s) => round(s, 2)) },
    };
  } finally {
    for (const api of apis) await api.stop();
    await store.drop();
  }
}

async function oneRevoke(a: ServerProcess, b: ServerProcess): Promise<number> {
  const email = `revoke-${randomUUID()}@bench.example`;
  const laptop = await register(a.url, email);
  const phone = await login(b.url, email);
  const sid = JSON.parse(Buffer.from(phone.accessToken.split(".")[1]!, "base64url").toString())
    .sid as string;
  const profile = (token: string) =>
    fetch(`${b.url}${apiPaths.profile}`, { headers: { authorization: `Bearer ${token}` } });
  if ((await profile(phone.accessToken)).status !== 200) throw new Error("B refused a live token");

  const revoked = await fetch(`${a.url}${apiPaths.session.replace("{id}", sid)}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${laptop.accessToken}` },
  });
  if (revoked.status !== 204) throw new Error(`the revoke answered ${revoked.status}`);
  const began = performance.now();
  for (;;) {
    const res = await profile(phone.accessToken);
    await res.arrayBuffer();
    if (res.status === 401) return performance.now() - began;
    if (performance.now() - began > 10_000) throw new Error("B never refused the revoked token");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

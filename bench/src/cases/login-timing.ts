import { randomUUID } from "node:crypto";
import { apiPaths } from "@jwt-auth/shared";
import { BENCH_PASSWORD, register, startApi } from "../api-server.js";
import type { CaseResult } from "../figure.js";
import type { BenchOptions } from "../options.js";
import { median, round } from "../stats.js";

const GOAL = 0.25;

/** One failed login; its wall time in ms, once the API has answered 401. */
async function timedLogin(baseUrl: string, email: string, password: string): Promise<number> {
  const began = performance.now();
  const res = await fetch(`${baseUrl}${apiPaths.login}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  await res.arrayBuffer();
  const ms = performance.now() - began;
  if (res.status !== 401) throw new Error(`a failed login answered ${res.status}`);
  return ms;
}

/**
 * No account enumeration by timing: failed logins with an unknown email and with a wrong
 * password, interleaved (which one goes first alternates, so drift in the machine's load
 * falls on both alike), one at a time; the medians must be within 25 % of each other.
 */
export async function loginTiming(options: BenchOptions): Promise<CaseResult> {
  const api = await startApi({ name: "api" });
  const unknown: number[] = [];
  const wrong: number[] = [];
  try {
    const emails: string[] = [];
    for (let i = 0; i < 5; i++) {
      const email = `timing-${randomUUID().slice(0, 8)}@bench.example`;
      await register(api.url, email);
      emails.push(email);
    }
    const { rounds, warmup } = options.timing.loginTiming;
    for (let i = -warmup; i < rounds; i++) {
      const email = emails[(i + warmup) % emails.length]!;
      const tryUnknown = () =>
        timedLogin(api.url, `nobody-${randomUUID().slice(0, 8)}@bench.example`, BENCH_PASSWORD);
      const tryWrong = () => timedLogin(api.url, email, `${BENCH_PASSWORD}!`);
      const unknownFirst = i % 2 !== 0;
      const first = await (unknownFirst ? tryUnknown() : tryWrong());
      const second = await (unknownFirst ? tryWrong() : tryUnknown());
      if (i < 0) continue;
      unknown.push(unknownFirst ? first : second);
      wrong.push(unknownFirst ? second : first);
    }
  } finally {
    await api.stop();
  }
  const [u, w] = [median(unknown), median(wrong)];
  const apart = Math.abs(u - w) / Math.max(u, w);
  return {
    figures: [
      {
        name: "login-timing-unknown-vs-wrong",
        value: `failed login medians ${round(u, 1)} ms (unknown email) vs ${round(w, 1)} ms (wrong password), ${round(apart * 100, 1)} % apart`,
        goal: `<= ${GOAL * 100} % apart`,
        ok: apart <= GOAL,
      },
    ],
    details: { unknownMs: unknown.map((t) => round(t, 2)), wrongMs: wrong.map((t) => round(t, 2)) },
  };
}

import { apiPaths } from "@jwt-auth/shared";
import { randomClientAddress } from "./client.js";

/**
 * vitest globalSetup for URL mode (ATTACK_BASE_URL set): before any attack, check that the
 * target is up and configured the way the suite needs, and say so in one line; refuse to
 * run, with the reason, rather than report attacks that could not have been tried.
 *
 * - Rate limits on (the default): the abuse tests attack them.
 * - TRUST_PROXY=loopback: the suite plays the reverse proxy, each simulated client sends its
 *   own X-Forwarded-For, so a budget spent by one test never locks another out.
 */
export default async function probeTarget(): Promise<void> {
  const base = process.env.ATTACK_BASE_URL?.replace(/\/+$/, "");
  if (!base) return;
  const health = await fetch(`${base}${apiPaths.health}`).catch((err: unknown) => {
    throw new Error(`ATTACK_BASE_URL=${base} does not answer (${String(err)})`);
  });
  if (health.status !== 200)
    throw new Error(
      `ATTACK_BASE_URL=${base}: GET ${apiPaths.health} answered ${health.status}, not 200`,
    );

  // Register's budget counts every attempt, even an invalid one, so an empty body probes it
  // without creating anything.
  const remaining = async (address: string) => {
    const res = await fetch(`${base}${apiPaths.register}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": address },
      body: "{}",
    });
    await res.text();
    const match = /remaining=(\d+)/.exec(res.headers.get("ratelimit") ?? "");
    return match ? Number(match[1]) : undefined;
  };
  const first = randomClientAddress();
  const a1 = await remaining(first);
  const a2 = await remaining(first);
  const b1 = await remaining(randomClientAddress());
  if (a1 === undefined) {
    throw new Error(
      `ATTACK_BASE_URL=${base} runs without rate limits; start it with RATE_LIMIT=on (the default): the abuse tests attack them`,
    );
  }
  if (!(a2 === a1 - 1 && b1 === a1)) {
    throw new Error(
      `ATTACK_BASE_URL=${base} does not tell clients apart by X-Forwarded-For from the suite; start it with TRUST_PROXY=loopback so each simulated client has its own budget`,
    );
  }
  console.warn(
    `Attacking ${base} over HTTP (rate limits on, loopback proxy trusted). Files under test/security/in-process need the server's keys or logs and run only without ATTACK_BASE_URL.`,
  );
}

import { apiPaths } from "@jwt-auth/shared";
import { startSmtpSink } from "@jwt-auth/test-support";
import { startApi } from "../api-server.js";
import type { CaseResult, Figure } from "../figure.js";
import type { BenchOptions } from "../options.js";
import { seededEmail, seededSqlite } from "../seed-users.js";
import { median, percentile, round } from "../stats.js";

const SAME_TIME_GOAL = 0.1;
const DELIVERY_WAIT_MS = 120_000;

async function timedForgot(baseUrl: string, email: string): Promise<number> {
  const began = performance.now();
  const res = await fetch(`${baseUrl}${apiPaths.passwordForgot}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  await res.arrayBuffer();
  const elapsed = performance.now() - began;
  if (res.status !== 202) throw new Error(`forgot password answered ${res.status}`);
  return elapsed;
}

/**
 * Forgot password, known against unknown addresses, one request at a time and interleaved
 * (the answer must not tell them apart, in time either); then the mail those requests
 * queued, delivered to a real SMTP server: every message, none twice.
 */
export async function mail(options: BenchOptions): Promise<CaseResult> {
  const count = options.quick ? 200 : 1_000;
  const sink = await startSmtpSink();
  const api = await startApi({
    name: "api",
    databaseUrl: `sqlite:${await seededSqlite(count)}`,
    env: { SMTP_URL: sink.url, DEV_MAILBOX: "off", LOG_LEVEL: "warn" },
  });
  try {
    // Warm-up, on addresses of neither kind used below.
    for (let i = 0; i < 50; i++) await timedForgot(api.url, `warmup${i}@nobody.bench`);
    const known: number[] = [];
    const unknown: number[] = [];
    const firstRequest = performance.now();
    for (let i = 0; i < count; i++) {
      const pair = [
        async () => known.push(await timedForgot(api.url, seededEmail(i))),
        async () => unknown.push(await timedForgot(api.url, `nobody${i}@scale.bench`)),
      ];
      if (i % 2) pair.reverse();
      for (const step of pair) await step();
    }
    const lastAnswer = performance.now();
    const [k, u] = [median(known), median(unknown)];
    const difference = Math.abs(k - u) / Math.max(k, u);

    const began = performance.now();
    while (sink.received.length < count && performance.now() - began < DELIVERY_WAIT_MS)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const deliveredMs = performance.now() - began;
    const delivered = sink.received.length;
    const duplicates = delivered - new Set(sink.received.map((m) => m.messageId ?? "missing")).size;
    const lastReceived = sink.received.at(-1)?.receivedAt ?? firstRequest;
    const spanSeconds = (lastReceived - firstRequest) / 1000;
    const rate = delivered / Math.max(0.001, spanSeconds);
    const lagSeconds = Math.max(0, (lastReceived - lastAnswer) / 1000);
    const all = [...known, ...unknown];

    const figures: Figure[] = [
      {
        name: "forgot password, known vs unknown address",
        value: `medians ${round(k, 3)} ms vs ${round(u, 3)} ms (${round(difference * 100, 1)}% apart)`,
        goal: `within ${SAME_TIME_GOAL * 100}%`,
        ok: difference <= SAME_TIME_GOAL,
      },
      {
        name: `mail: ${count} reset requests to an SMTP server`,
        value: `${delivered} delivered, ${duplicates} twice; ${rate.toFixed(0)} messages/s from the first request to the last message (the last ${lagSeconds.toFixed(1)} s after the last answer); requests answered 202 in p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms with the outbox on`,
        goal: `${count} delivered, 0 twice`,
        ok: delivered === count && duplicates === 0,
      },
    ];
    return {
      figures,
      details: {
        requests: count,
        knownMedianMs: round(k, 4),
        unknownMedianMs: round(u, 4),
        delivered,
        duplicates,
        deliverySeconds: round(deliveredMs / 1000, 1),
        messagesPerSecond: round(rate, 1),
        lastMessageAfterLastAnswerSeconds: round(lagSeconds, 2),
        requestP99Ms: round(percentile(all, 99), 2),
      },
    };
  } finally {
    await api.stop();
    await sink.close();
  }
}

import { percentile, round } from "./stats.js";

export interface PoliteStorm {
  /** Answers per status, with their own latency percentiles (ms). */
  byStatus: Record<number, { count: number; p50Ms: number; p99Ms: number }>;
  /** Every answer, whatever its status. */
  all: { count: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** Share of answers that were 503. */
  shedShare: number;
  /** Requests that failed without an answer (reset, refused, timed out). */
  errors: number;
}

/**
 * `clients` clients, each sending one request at a time for `durationSeconds`, and when
 * answered 503 waiting what `Retry-After` says, with jitter (between once and twice that),
 * before trying again, as a well-behaved client does. Unlike autocannon, whose connections
 * come straight back, this is the storm shedding is designed for: many clients at once, each
 * told to come back later. Runs in the runner's process; latencies to the microsecond.
 */
export async function politeStorm(spec: {
  url: string;
  clients: number;
  durationSeconds: number;
  init: (client: number, attempt: number) => RequestInit;
}): Promise<PoliteStorm> {
  const deadline = performance.now() + spec.durationSeconds * 1000;
  const latencies = new Map<number, number[]>();
  let errors = 0;
  const client = async (index: number) => {
    for (let attempt = 0; performance.now() < deadline; attempt++) {
      const began = performance.now();
      let wait = 0;
      try {
        const res = await fetch(spec.url, {
          ...spec.init(index, attempt),
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
        const own = latencies.get(res.status) ?? [];
        own.push(performance.now() - began);
        latencies.set(res.status, own);
        if (res.status === 503) {
          const seconds = Number(res.headers.get("retry-after") ?? "1");
          wait = (Number.isFinite(seconds) ? seconds : 1) * 1000 * (1 + Math.random());
        }
      } catch {
        errors++;
        wait = 1000;
      }
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  await Promise.all(Array.from({ length: spec.clients }, (_, i) => client(i)));
  const all = [...latencies.values()].flat();
  const summary = (values: number[]) => ({
    count: values.length,
    p50Ms: round(percentile(values, 50), 1),
    p99Ms: round(percentile(values, 99), 1),
  });
  return {
    byStatus: Object.fromEntries([...latencies].map(([status, own]) => [status, summary(own)])),
    all: { ...summary(all), maxMs: round(percentile(all, 100), 1) },
    shedShare: round((latencies.get(503)?.length ?? 0) / Math.max(1, all.length), 3),
    errors,
  };
}

export interface Trickle {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests not answered 200 (including failures without an answer). */
  errors: number;
}

/**
 * Requests at a steady rate (each one sent on schedule, whether or not the previous one was
 * answered), like the page loads of other users while a storm goes on: what they wait is
 * the latency a storm adds. fetch rather than a second autocannon instance, which shares
 * the runner's event loop with the storm's and was seen to record nothing beside it.
 */
export async function trickle(spec: {
  url: string;
  headers: Record<string, string>;
  ratePerSecond: number;
  durationSeconds: number;
}): Promise<Trickle> {
  const total = Math.round(spec.ratePerSecond * spec.durationSeconds);
  const began = performance.now();
  const latencies: number[] = [];
  let errors = 0;
  const one = async (i: number) => {
    const due = began + (i * 1000) / spec.ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    try {
      const res = await fetch(spec.url, {
        headers: spec.headers,
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      if (res.status === 200) latencies.push(performance.now() - sent);
      else errors++;
    } catch {
      errors++;
    }
  };
  await Promise.all(Array.from({ length: total }, (_, i) => one(i)));
  return {
    requests: latencies.length,
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    errors,
  };
}

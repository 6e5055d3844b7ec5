import autocannon from "autocannon";
import type { ServerProcess } from "./server-process.js";
import { percentile, round } from "./stats.js";

export interface LoadSpec {
  url: string;
  durationSeconds: number;
  connections: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** A request sequence per connection (login, then profile, then refresh, …). */
  requests?: autocannon.Request[];
  /** Requests per second over all connections; as fast as possible when absent. */
  overallRate?: number;
  /** Status codes that count as served; anything else fails the measurement. */
  expect?: number[];
}

export interface LoadResult {
  requests: number;
  /** Answered requests with an expected status, per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  unexpected: number;
  errors: number;
  /** Per expected status: how many, and their own p99 (a 503 answered at once is not a login). */
  byStatus: Record<number, { count: number; p99Ms: number }>;
}

/**
 * One autocannon run, in this (the runner's) process, never in the server's. Latencies are
 * kept to the microsecond here rather than from autocannon's whole-millisecond histogram,
 * because a protected request takes well under a millisecond.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const latenciesByStatus = new Map<number, number[]>();
  const expected = new Set(spec.expect ?? [200]);
  let served = 0;
  let unexpected = 0;
  const unexpectedByStatus = new Map<number, number>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationSeconds,
        method: spec.method ?? "GET",
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(spec.body !== undefined ? { body: spec.body } : {}),
        ...(spec.requests ? { requests: spec.requests } : {}),
        ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
        timeout: 30,
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on(
      "response",
      (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        if (expected.has(statusCode)) {
          served++;
          latencies.push(responseTime);
          const own = latenciesByStatus.get(statusCode) ?? [];
          own.push(responseTime);
          latenciesByStatus.set(statusCode, own);
        } else {
          unexpected++;
          unexpectedByStatus.set(statusCode, (unexpectedByStatus.get(statusCode) ?? 0) + 1);
        }
      },
    );
  });
  if (unexpected > 0) {
    throw new Error(
      `${spec.url}: ${unexpected} responses with an unexpected status (${[...unexpectedByStatus].map(([status, n]) => `${n} × ${status}`).join(", ")})`,
    );
  }
  return {
    requests: served,
    rps: round(served / (result.duration || spec.durationSeconds), 1),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    maxMs: round(percentile(latencies, 100), 3),
    unexpected,
    errors: result.errors + result.timeouts,
    byStatus: Object.fromEntries(
      [...latenciesByStatus].map(([status, own]) => [
        status,
        { count: own.length, p99Ms: round(percentile(own, 99), 3) },
      ]),
    ),
  };
}

export interface ServerTrial extends LoadResult {
  /** Server CPU time per answered request, in microseconds. */
  cpuMicrosPerRequest: number;
  /** The main thread's part of it, where the probe can tell (Linux). */
  mainThreadCpuMicrosPerRequest?: number;
}

/**
 * `runLoad` against one server, with the CPU time the server spent per answered request
 * (its probe read before and after). On a shared machine that moves far less than req/s,
 * which follows whatever else the machine runs.
 *
 * `settleSeconds` of the same load first, not measured: when several servers are loaded in
 * turns, the first requests a process serves after another one ran cost it more (its caches
 * were the other's meanwhile), so without this the first of two sides served by one process
 * pays for both.
 */
export async function loadWithCpu(
  server: ServerProcess,
  spec: LoadSpec,
  settleSeconds = 0,
): Promise<ServerTrial> {
  if (settleSeconds > 0) await runLoad({ ...spec, durationSeconds: settleSeconds });
  const before = await server.probe();
  const load = await runLoad(spec);
  const after = await server.probe();
  const perRequest = (micros: number) => round(micros / Math.max(1, load.requests), 1);
  return {
    ...load,
    cpuMicrosPerRequest: perRequest(after.cpuMicros - before.cpuMicros),
    ...(after.mainThreadCpuMicros !== undefined && before.mainThreadCpuMicros !== undefined
      ? {
          mainThreadCpuMicrosPerRequest: perRequest(
            after.mainThreadCpuMicros - before.mainThreadCpuMicros,
          ),
        }
      : {}),
  };
}

/**
 * Preloaded (`node --import`) into every server the benchmark starts, and only there: it
 * answers the runner over the IPC channel with what the process sees from the inside
 * (event-loop delay, CPU time, memory), and runs the login case's argon2id verifications in
 * it when asked (argon2-floor.ts). Nothing is exposed over HTTP; only the benchmark
 * preloads this file, and without an IPC channel it does nothing.
 */
import fs from "node:fs";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
import type * as Argon2Floor from "./argon2-floor.js";
import type { ProbeReply, ProbeRequest } from "./probe-protocol.js";

let histogram: IntervalHistogram | undefined;
let resolutionMs = 0;

function ms(nanoseconds: number): number {
  // The histogram records how long each timer tick took, resolution included: the delay
  // is what comes on top of it.
  return Math.max(0, nanoseconds / 1e6 - resolutionMs);
}

const TICK_MICROS = 10_000;

/**
 * The main thread's CPU time (µs) from /proc (Linux), or undefined elsewhere: the rest of
 * `process.cpuUsage()` is the other threads' (V8's helpers, libuv's pool).
 */
function mainThreadCpu(): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // pid (comm) state ppid … utime stime: comm may hold spaces, so split after its ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MICROS;
}

function answer(request: ProbeRequest): ProbeReply {
  if (request.type === "start-loop-monitor") {
    histogram?.disable();
    resolutionMs = request.resolutionMs;
    histogram = monitorEventLoopDelay({ resolution: request.resolutionMs });
    histogram.enable();
  }
  const loop =
    histogram && histogram.count > 0
      ? {
          p50: ms(histogram.percentile(50)),
          p99: ms(histogram.percentile(99)),
          max: ms(histogram.max),
          samples: histogram.count,
        }
      : undefined;
  if (request.type === "stop-loop-monitor") {
    histogram?.disable();
    histogram = undefined;
  }
  // Only in a process started with --expose-gc: what stays after a full collection.
  if (request.type === "stats-after-gc" && typeof globalThis.gc === "function") globalThis.gc();
  const cpu = process.cpuUsage();
  const mainThread = mainThreadCpu();
  return {
    id: request.id,
    cpuMicros: cpu.user + cpu.system,
    memory: process.memoryUsage(),
    heapSpaces: Object.fromEntries(
      getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]),
    ),
    ...(loop ? { loop } : {}),
    ...(mainThread !== undefined ? { mainThreadCpuMicros: mainThread } : {}),
  };
}

if (process.send) {
  process.on("message", (message: ProbeRequest) => {
    if (message && typeof message === "object" && "id" in message) process.send?.(answer(message));
  });
  // The floor of a login's cost measured inside this very process (the login case): loaded
  // at the first request, so no other server loads argon2 or makes a hash it never uses.
  let floor: Promise<typeof Argon2Floor> | undefined;
  process.on("message", (message: Argon2Floor.VerifyRequest) => {
    if (message?.type !== "verify") return;
    void (floor ??= import("./argon2-floor.js")).then(({ answerVerify }) => answerVerify(message));
  });
  // The channel must not keep a server alive that was asked to stop…
  process.channel?.unref();
  // …and a server whose runner died (the channel closed) stops too, the way it stops on SIGTERM.
  process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
}

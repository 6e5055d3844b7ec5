import fs from "node:fs";
import os from "node:os";

/**
 * Gives every thread of this process but the main one (libuv's pool, where argon2id runs, and
 * V8's helper threads) a lower scheduling priority than the event loop, on Linux, where a
 * thread's priority can be set by its id. When logins hash on every core, the event loop
 * still gets a core the moment it has a request to answer: protected routes keep their
 * latency, and the hashing uses what is left. Best effort: a thread that cannot be
 * reniced keeps its priority. Returns how many threads were lowered.
 */
export function lowerHelperThreadPriority(niceness = 10): number {
  if (process.platform !== "linux") return 0;
  let lowered = 0;
  let tasks: string[];
  try {
    tasks = fs.readdirSync("/proc/self/task");
  } catch {
    return 0;
  }
  for (const task of tasks) {
    const tid = Number(task);
    if (tid === process.pid) continue;
    try {
      os.setPriority(tid, niceness);
      lowered++;
    } catch {
      // Gone since it was listed, or not ours to change: leave it.
    }
  }
  return lowered;
}

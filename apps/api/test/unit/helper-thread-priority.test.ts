import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { lowerHelperThreadPriority } from "../../src/runtime/helper-thread-priority.js";

/** A thread's nice value: field 19 of /proc/self/task/<tid>/stat (after the parenthesised name). */
function niceOf(tid: string): number {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}

// Thread priorities are set and read by thread id through /proc: Linux only. Elsewhere the
// suite is skipped, with this reason in its name; on Linux (CI, these machines) it always runs.
const notLinux = process.platform !== "linux";

describe.skipIf(notLinux)("helper threads below the event loop (reads /proc: Linux only)", () => {
  it("when lowered, then every thread but the main one runs at nice 10 and the main one keeps its priority", () => {
    const mainBefore = niceOf(String(process.pid));
    const lowered = lowerHelperThreadPriority(10);
    const helpers = fs.readdirSync("/proc/self/task").filter((tid) => tid !== String(process.pid));
    expect(lowered).toBeGreaterThan(0);
    expect(helpers.length).toBeGreaterThan(0);
    for (const tid of helpers) expect(niceOf(tid)).toBeGreaterThanOrEqual(10);
    expect(niceOf(String(process.pid))).toBe(mainBefore);
  });
});

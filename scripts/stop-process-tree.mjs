import fs from "node:fs";

/**
 * The process ids under `root` (children, their children…), read from /proc on Linux;
 * elsewhere none are found and only `root` itself is signalled.
 * @param {number} root @returns {number[]}
 */
function descendants(root) {
  if (!fs.existsSync("/proc/self/stat")) return [];
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the name (field 2) may hold spaces, so
      // count from its closing parenthesis.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while the list was read
    }
  }
  /** @type {number[]} */
  const found = [];
  const queue = [root];
  while (queue.length > 0) {
    const next = children.get(/** @type {number} */ (queue.shift())) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

/**
 * Sends `signal` to `pid` and everything it started. A step's command is often a chain
 * (npm → npx → turbo → vitest → workers) in which not every link passes a signal on.
 * @param {number} pid @param {NodeJS.Signals} signal
 */
export function stopProcessTree(pid, signal) {
  for (const target of [pid, ...descendants(pid)]) {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  }
}

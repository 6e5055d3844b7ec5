import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { waitUntil } from "@jwt-auth/test-support";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** Every process below `pid`, read from /proc: what would be left behind if a signal got lost. */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // The command name is in parentheses and may hold spaces: the fields after it are fixed.
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const waitFor = <T>(what: string, probe: () => T | undefined, timeoutMs: number) =>
  waitUntil(probe, { what, timeoutMs, everyMs: 50 });

/** The command line of the node process among `pids`, as its words. */
function nodeCommandLine(pids: number[]): string[] {
  for (const pid of pids) {
    let words: string[];
    try {
      words = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    } catch {
      continue;
    }
    if (words.some((word) => word.endsWith("scripts/start.mjs"))) return words;
  }
  throw new Error("no node process runs scripts/start.mjs");
}

const rootManifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  config: { apiNodeFlags: string };
};

// The server's processes are found and read through /proc: Linux only. Elsewhere the suite is
// skipped, with this reason in its name; on Linux (CI, these machines) it always runs.
const notLinux = process.platform !== "linux";

describe.skipIf(notLinux)(
  "npm start (reads /proc to find the server's processes: Linux only)",
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-npm-start-"));
    const leftovers: number[] = [];
    afterAll(() => {
      for (const pid of leftovers) if (isAlive(pid)) process.kill(pid, "SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const start = (env: Record<string, string> = {}) =>
      spawn("npm", ["start"], {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? dir,
          PORT: "0",
          DATABASE_URL: `sqlite:${path.join(dir, "app.db")}`,
          DATA_DIR: dir,
          TURBO_TELEMETRY_DISABLED: "1",
          ...env,
        },
      });

    it("when npm (not the server) gets SIGTERM, then the server stops too and npm exits with its code 0", async () => {
      const npm = start();
      let output = "";
      npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        npm.on("exit", (code, signal) => resolve({ code, signal })),
      );

      // Building first when the build is missing or stale is part of `npm start` (the API and
      // the SPA, minutes on a busy 2-core machine while other suites run): allow for it.
      const url = await waitFor(
        "the URL line",
        () => /"address":"([^"]+)"/.exec(output)?.[1],
        420_000,
      );
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      const tree = descendantsOf(npm.pid!);
      leftovers.push(...tree);
      expect(tree.length).toBeGreaterThan(0);
      // The server runs with exactly the documented default node flags (package.json
      // config.apiNodeFlags: the heap bounds).
      const defaults = rootManifest.config.apiNodeFlags.split(" ").filter(Boolean);
      const words = nodeCommandLine(tree);
      const script = words.findIndex((word) => word.endsWith("scripts/start.mjs"));
      expect(words.slice(1, script)).toEqual(defaults);

      npm.kill("SIGTERM");
      const { code, signal } = await exited;
      await waitFor("the server to exit", () => (tree.some(isAlive) ? undefined : true), 15_000);

      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(tree.filter(isAlive)).toEqual([]);
      expect(output).toMatch(/"signal":"SIGTERM".*shutting down/);
      await expect(fetch(`${url}/api/health`)).rejects.toThrow();
    }, 480_000);

    it("when API_NODE_FLAGS is set, then the server runs with those node flags instead of the defaults", async () => {
      const npm = start({ API_NODE_FLAGS: "--max-old-space-size=300" });
      let output = "";
      npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise((resolve) => npm.on("exit", resolve));
      await waitFor("the URL line", () => /"address":"([^"]+)"/.exec(output)?.[1], 420_000);
      const tree = descendantsOf(npm.pid!);
      leftovers.push(...tree);

      const words = nodeCommandLine(tree);
      expect(words).toContain("--max-old-space-size=300");
      for (const flag of rootManifest.config.apiNodeFlags.split(" ").filter(Boolean))
        expect(words).not.toContain(flag);

      npm.kill("SIGTERM");
      await exited;
    }, 480_000);
  },
);

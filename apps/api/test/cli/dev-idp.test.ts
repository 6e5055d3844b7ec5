import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsx = path.resolve(apiRoot, "../../node_modules/.bin/tsx");

/** `npm run dev:idp -- <args>` as the package script runs it, until it exits. */
function runDevIdp(args: string[]) {
  const child = spawn(tsx, ["src/cli/dev-idp.ts", ...args], {
    cwd: apiRoot,
    env: { PATH: process.env.PATH ?? "" },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timeout = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on("exit", (code) => {
      clearTimeout(timeout);
      resolve({ code, output });
    });
  });
}

describe("npm run dev:idp", () => {
  it("when asked for --help, then it prints its options and exits 0 without starting", async () => {
    const { code, output } = await runDevIdp(["--help"]);
    expect(code).toBe(0);
    expect(output).toMatch(/^Usage: npm run dev:idp -- \[options\]/);
    expect(output).toContain("--port <port>");
    expect(output).toContain("--app-url <url>");
    expect(output).not.toMatch(/listening|at .*\.js:\d+/);
  });

  it("when an option is unknown or a port is not a number, then it says so in one line and exits 2", async () => {
    for (const args of [["--nope"], ["--port", "many"]]) {
      const { code, output } = await runDevIdp(args);
      expect(code).toBe(2);
      expect(output.trim().split("\n")).toHaveLength(1);
      expect(output).toMatch(/^dev:idp: .*--help/);
    }
  });
});

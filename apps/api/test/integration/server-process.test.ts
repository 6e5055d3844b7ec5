import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * Runs the real entry point (from source, with tsx as a loader of this very node process,
 * so a signal reaches the server itself and not a wrapper that relays it) and collects what
 * it prints until it exits.
 */
function runServer(env: Record<string, string>, onLine?: (line: string, stop: () => void) => void) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: apiRoot,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "development", ...env },
  });
  let output = "";
  const stop = () => child.kill("SIGTERM");
  const handle = (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split("\n").filter(Boolean)) onLine?.(line, stop);
  };
  child.stdout.on("data", handle);
  child.stderr.on("data", handle);
  const timeout = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on("exit", (code) => {
      clearTimeout(timeout);
      resolve({ code, output });
    });
  });
}

describe("the server process", () => {
  it("when a variable is invalid, then it exits non-zero with one line naming it", async () => {
    const { code, output } = await runServer({ ACCESS_TOKEN_TTL: "fifteen minutes" });
    expect(code).not.toBe(0);
    expect(output.trim().split("\n")).toHaveLength(1);
    expect(output).toMatch(/ACCESS_TOKEN_TTL/);
  });

  it("when started, then it logs the APP_URL to open (localhost, where passkeys work), answers health, and stops cleanly on SIGTERM", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-proc-"));
    let health: number | undefined;
    const { code, output } = await runServer(
      { PORT: "0", DATABASE_URL: `sqlite:${dir}/app.db`, DATA_DIR: dir, WEB_DIST_DIR: dir },
      (line, stop) => {
        const address = /"address":"([^"]+)"/.exec(line)?.[1];
        if (!address) return;
        fetch(`${address}/api/health`)
          .then((res) => (health = res.status))
          .finally(stop);
      },
    );
    fs.rmSync(dir, { recursive: true, force: true });
    expect(health).toBe(200);
    expect(code).toBe(0);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
    expect(port).toBeDefined();
    expect(output).toContain(`"url":"http://localhost:${port}"`);
    expect(output).toContain(`Ready: open http://localhost:${port} (listening on`);
  });
});

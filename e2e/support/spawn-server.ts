import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const serverEntry = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../apps/api/dist/server.js",
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface SpawnedServer {
  baseURL: string;
  stop(): Promise<void>;
}

/**
 * One more production server for a spec that needs settings of its own (the shared
 * servers of playwright.config.ts keep theirs): the built entry point, a fresh SQLite
 * file, ready once `/api/health` answers.
 */
export async function spawnServer(env: Record<string, string>): Promise<SpawnedServer> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-e2e-server-"));
  const child = spawn(process.execPath, [serverEntry], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: String(port),
      APP_URL: baseURL,
      DATABASE_URL: `sqlite:${path.join(dataDir, "app.db")}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    child.kill("SIGTERM");
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return { baseURL, stop };
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || tries > 300) {
      await stop();
      throw new Error("the extra server did not start");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

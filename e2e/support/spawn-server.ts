import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apiPaths } from "@jwt-auth/shared";
import { freePort, startProcess, waitForAnswer } from "@jwt-auth/test-support";

const serverEntry = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../apps/api/dist/server.js",
);

export interface SpawnedServer {
  baseURL: string;
  stop(): Promise<void>;
}

/**
 * One more production server for a spec that needs settings of its own (the shared
 * servers of playwright.config.ts keep theirs): the built entry point, a fresh SQLite
 * file, ready once the health path answers.
 */
export async function spawnServer(env: Record<string, string>): Promise<SpawnedServer> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-e2e-server-"));
  const server = startProcess({
    entry: serverEntry,
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
    output: "inherit",
  });
  const stop = async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForAnswer(server, `${baseURL}${apiPaths.health}`, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, stop };
}

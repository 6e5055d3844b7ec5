import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  startProcess,
  stopAllProcesses,
  waitForOutput,
  type ServerProcess,
} from "@jwt-auth/test-support";
import { createTestSchema, type TestSchema } from "../postgres/test-database.js";

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ApiProcess extends ServerProcess {
  url: string;
}

/**
 * Starts the real server entry point (src/server.ts, the file `npm start` builds) as its
 * own process on a free port, and resolves once it has logged the URL it listens on.
 * TypeScript is loaded in that very process (`node --import tsx`, not the tsx wrapper,
 * which would leave its child behind if killed). It is killed after `lifetimeMs`
 * whatever happens, so no test leaves one behind.
 */
export async function spawnApi(
  env: Record<string, string>,
  { lifetimeMs = 180_000, startMs = 60_000 } = {},
): Promise<ApiProcess> {
  const server = startProcess({
    entry: "src/server.ts",
    execArgv: ["--import", "tsx"],
    cwd: apiRoot,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      ...env,
    },
    lifetimeMs,
  });
  try {
    const url = await waitForOutput(server, /"address":"(http:\/\/[^"]+)"/, startMs);
    return { ...server, url };
  } catch (err) {
    server.child.kill("SIGKILL");
    throw err;
  }
}

/** Stops every process still running, including one whose start a timed-out hook gave up on. */
export const stopAll = stopAllProcesses;

export interface TwoInstances {
  a: ApiProcess;
  b: ApiProcess;
  schema: TestSchema;
  /** Processes first (one still migrating would hold locks the drop waits for), then the data. */
  close(): Promise<void>;
}

/**
 * Two real API processes on one fresh PostgreSQL schema with the same signing secret: what a
 * deployment behind a load balancer looks like, without sticky sessions.
 */
export async function startTwoInstances(prefix: string): Promise<TwoInstances> {
  const schema = await createTestSchema();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jwt-auth-${prefix}-`));
  const env = {
    DATABASE_URL: schema.url,
    JWT_SECRET: randomBytes(32).toString("base64url"),
    DATA_DIR: dir,
    WEB_DIST_DIR: path.join(dir, "no-web"),
  };
  const close = async () => {
    await stopAll();
    await schema.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [a, b] = await Promise.all([spawnApi(env), spawnApi(env)]);
    return { a, b, schema, close };
  } catch (err) {
    await close();
    throw err;
  }
}

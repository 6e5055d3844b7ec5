import { randomBytes } from "node:crypto";
import { apiPaths, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { onCleanup } from "./cleanup.js";
import { API_ENTRY } from "./paths.js";
import { startServer, type ServerProcess } from "./server-process.js";
import { startNodeFlags } from "./start-flags.js";

/** One signing secret per run, shared by every API it starts and by the token minter. */
export const BENCH_SECRET = randomBytes(48).toString("base64url");
export const BENCH_ISSUER = "jwt-auth-api";
export const BENCH_AUDIENCE = "jwt-auth-web";
export const BENCH_PASSWORD = "correct horse battery staple";
/** MFA_ENCRYPTION_KEY of every API the benchmark starts, as hex (32 bytes). */
export const BENCH_MFA_KEY_HEX = "b".repeat(64);

/**
 * The API exactly as `npm start` runs it in production (its real entry, NODE_ENV=production,
 * the node flags of the start script unless `nodeArgs` says otherwise, request logging at the
 * default level), with rate limits off as the contract allows for
 * load tests: the benchmark logs in far more often than any one client may.
 */
export async function startApi(options: {
  name: string;
  databaseUrl?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** Another entry that starts the same API (bench/dist/servers/api-own-routes.js). */
  entry?: string;
}): Promise<ServerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-bench-"));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const undo = onCleanup(removeDir);
  const server = await startServer({
    name: options.name,
    entry: options.entry ?? API_ENTRY,
    readyPath: apiPaths.health,
    nodeArgs: options.nodeArgs ?? startNodeFlags(),
    env: {
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl ?? `sqlite:${path.join(dataDir, "app.db")}`,
      DATA_DIR: dataDir,
      JWT_SECRET: BENCH_SECRET,
      JWT_ISSUER: BENCH_ISSUER,
      JWT_AUDIENCE: BENCH_AUDIENCE,
      DEV_MAILBOX: "on",
      MFA_ENCRYPTION_KEY: BENCH_MFA_KEY_HEX,
      RATE_LIMIT: "off",
      LOG_LEVEL: "info",
      ...threadPoolEnv(),
      ...options.env,
    },
  });
  return {
    ...server,
    async stop() {
      await server.stop();
      removeDir();
      undo();
    },
  };
}

/** The runner's own UV_THREADPOOL_SIZE, when set, reaches every process it starts. */
export function threadPoolEnv(): Record<string, string> {
  return process.env.UV_THREADPOOL_SIZE
    ? { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE }
    : {};
}

export interface Session {
  accessToken: string;
  refreshCookie: string;
  profile: unknown;
}

export async function register(
  baseUrl: string,
  email: string,
  name = "Ada Lovelace",
): Promise<Session> {
  return authenticate(
    `${baseUrl}${apiPaths.register}`,
    { email, password: BENCH_PASSWORD, name },
    201,
  );
}

export async function login(baseUrl: string, email: string): Promise<Session> {
  return authenticate(`${baseUrl}${apiPaths.login}`, { email, password: BENCH_PASSWORD }, 200);
}

async function authenticate(url: string, body: object, status: number): Promise<Session> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { accessToken: string; user: unknown };
  if (res.status !== status)
    throw new Error(`${url} answered ${res.status}: ${JSON.stringify(json)}`);
  return {
    accessToken: json.accessToken,
    refreshCookie: cookiePair(res.headers.getSetCookie()),
    profile: json.user,
  };
}

/** `name=value` of the refresh cookie, as a client sends it back. */
export function cookiePair(setCookie: string | string[] | undefined): string {
  const first = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).find((c) =>
    c.startsWith(`${REFRESH_COOKIE_NAME}=`),
  );
  if (!first) throw new Error("no refresh cookie was set");
  return first.slice(0, first.indexOf(";"));
}

import { BlockList, isIPv4, isIPv6 } from "node:net";
import path from "node:path";
import { z } from "zod";
import { API_ROOT } from "./values.js";

/** The process: which mode it runs in, where it listens, where it keeps its data. */
export const serverEnv = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number({ error: "must be a port number" }).int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .refine((url) => /^sqlite:.+/.test(url) || isPostgresUrl(url), {
      message: "must be sqlite:PATH or postgres://user@host:port/database",
    })
    .default("sqlite:./data/app.db"),
  DATA_DIR: z.string().min(1).default("./data"),
});
export type ServerEnv = z.infer<typeof serverEnv>;

export interface ServerConfig {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string;
  dataDir: string;
}

/** Which of the three modes the process runs in, and how a refusal names the NODE_ENV behind it. */
export interface Mode {
  env: ServerConfig["env"];
  production: boolean;
  nodeEnv: string;
}

/**
 * Secure by default: only the two names that mean "a developer's or a test's machine" get
 * generated keys and a cookie without `Secure`. Anything else (`staging`, a typo, or no
 * NODE_ENV at all, as in a bare `node dist/server.js`) runs as production. `npm start` and
 * `npm run dev` set `development` themselves when NODE_ENV is unset.
 */
export function modeOf(nodeEnv: string | undefined): Mode {
  const env = nodeEnv === "development" || nodeEnv === "test" ? nodeEnv : "production";
  return {
    env,
    production: env === "production",
    nodeEnv: nodeEnv === undefined ? "NODE_ENV is unset" : `NODE_ENV=${nodeEnv}`,
  };
}

export function serverConfig(e: ServerEnv, mode: Mode): ServerConfig {
  return {
    env: mode.env,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: resolveSqlitePath(e.DATABASE_URL),
    dataDir: path.resolve(API_ROOT, e.DATA_DIR),
  };
}

/** 127.0.0.0/8, ::1 (also as an IPv4-mapped address or in brackets) or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (name === "localhost") return true;
  if (isIPv4(name)) return name.startsWith("127.");
  if (!isIPv6(name)) return false;
  const loopback = new BlockList();
  loopback.addAddress("::1", "ipv6");
  loopback.addSubnet("::ffff:127.0.0.0", 104, "ipv6");
  return loopback.check(name, "ipv6");
}

function isPostgresUrl(url: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(url)) return false;
  try {
    return new URL(url).hostname.length > 0;
  } catch {
    return false;
  }
}

function resolveSqlitePath(url: string): string {
  if (!url.startsWith("sqlite:")) return url;
  const file = url.slice("sqlite:".length);
  return file === ":memory:" ? url : `sqlite:${path.resolve(API_ROOT, file)}`;
}

import path from "node:path";
import { PRODUCT_NAME } from "@jwt-auth/shared";
import { z } from "zod";
import type { Mode, ServerEnv } from "./server.js";
import { API_ROOT, onOff } from "./values.js";

/** The HTTP side: who a client is, how much it may ask, what is logged, what pages it gets. */
export const httpEnv = z.object({
  RATE_LIMIT: onOff.default("on"),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(false|true|\d+|[0-9a-fA-F.:/, ]+|loopback|linklocal|uniquelocal)$/,
      "must be false, a hop count, or addresses/subnets",
    )
    .default("false"),
  REDIS_URL: z.string().url({ error: "must be a redis:// URL" }).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WEB_DIST_DIR: z.string().optional(),
  APP_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
});
export type HttpEnv = z.infer<typeof httpEnv>;

export interface HttpConfig {
  rateLimit: boolean;
  trustProxy: boolean | number | string;
  redisUrl: string | undefined;
  logLevel: string;
  webDistDir: string;
  /** Refresh cookie gets `Secure` everywhere but on a developer's or a test's plain http. */
  secureCookies: boolean;
  /** The public URL of the web app: links in mail, WebAuthn RP ID and origin, OIDC redirects. */
  appUrl: string;
  appName: string;
}

/** The product name in mail and pages (one name for the web app and the API). */
export const APP_NAME = PRODUCT_NAME;

export function appUrlOf(e: HttpEnv & Pick<ServerEnv, "PORT">): string {
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}

export function httpConfig(e: HttpEnv, mode: Mode, appUrl: string): HttpConfig {
  return {
    rateLimit: e.RATE_LIMIT === "on",
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    webDistDir: e.WEB_DIST_DIR
      ? path.resolve(API_ROOT, e.WEB_DIST_DIR)
      : path.resolve(API_ROOT, "../web/dist"),
    secureCookies: mode.production,
    appUrl,
    appName: APP_NAME,
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

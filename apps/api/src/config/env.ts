import net, { BlockList, isIPv4, isIPv6 } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PRODUCT_NAME } from "@jwt-auth/shared";
import { z } from "zod";
import { parseDuration } from "./duration.js";

/** The API package's own folder: relative paths in the environment are resolved from it. */
export const API_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const JWT_ALGORITHMS = ["HS256", "ES256", "RS256"] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

const duration = (example: string, { min = 1, max = Number.MAX_SAFE_INTEGER } = {}) =>
  z.string().transform((text, ctx) => {
    const seconds = parseDuration(text);
    if (seconds === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `must be a duration like ${example} (got "${text}")`,
      });
      return z.NEVER;
    }
    if (seconds < min || seconds > max) {
      ctx.addIssue({
        code: "custom",
        message: `must be between ${min}s and ${max}s (got "${text}")`,
      });
      return z.NEVER;
    }
    return seconds;
  });

const onOff = z.enum(["on", "off"], { error: 'must be "on" or "off"' });

const databaseUrl = z.string().refine((url) => /^sqlite:.+/.test(url) || isPostgresUrl(url), {
  message: "must be sqlite:PATH or postgres://user@host:port/database",
});

function isPostgresUrl(url: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(url)) return false;
  try {
    return new URL(url).hostname.length > 0;
  } catch {
    return false;
  }
}

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number({ error: "must be a port number" }).int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: databaseUrl.default("sqlite:./data/app.db"),
  DATA_DIR: z.string().min(1).default("./data"),
  JWT_ALGORITHM: z
    .enum(JWT_ALGORITHMS, { error: `must be one of ${JWT_ALGORITHMS.join(", ")}` })
    .default("HS256"),
  JWT_SECRET: z.string().optional(),
  JWT_PREVIOUS_SECRETS: z.string().optional(),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PRIVATE_KEY_FILE: z.string().optional(),
  JWT_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 characters of A-Z a-z 0-9 . _ -")
    .optional(),
  JWT_PREVIOUS_PUBLIC_KEYS: z.string().optional(),
  JWT_ISSUER: z.string().min(1).default("jwt-auth-api"),
  JWT_AUDIENCE: z.string().min(1).default("jwt-auth-web"),
  JWT_CLOCK_TOLERANCE: duration("0s or 5s", { min: 0, max: 30 }).default(0),
  ACCESS_TOKEN_TTL: duration("30s, 15m or 1h", { max: 86_400 }).default(15 * 60),
  REFRESH_TOKEN_TTL: duration("12h, 7d or 30d").default(7 * 86_400),
  REFRESH_REUSE_GRACE: duration("5s", { min: 0, max: 60 }).default(5),
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
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().optional(),
  DEV_MAILBOX: onOff.optional(),
  EMAIL_VERIFICATION_TTL: duration("24h").default(24 * 3600),
  PASSWORD_RESET_TTL: duration("30m").default(30 * 60),
  REAUTH_MAX_AGE: duration("10m").default(10 * 60),
  ACTIVITY_RETENTION: duration("90d").default(90 * 86_400),
  AUDIT_RETENTION: duration("365d").default(365 * 86_400),
  MFA_ENCRYPTION_KEY: z.string().optional(),
  MANAGEMENT_PORT: z.coerce
    .number({ error: "must be a port number" })
    .int({ error: "must be a port number" })
    .min(0, { error: "must be a port number" })
    .max(65_535, { error: "must be a port number" })
    .optional(),
  MANAGEMENT_HOST: z
    .string()
    .refine(
      (host) => net.isIP(host) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host),
      {
        message: "must be an IP address or a host name",
      },
    )
    .default("127.0.0.1"),
  SHUTDOWN_DELAY: duration("0s or 5s", { min: 0, max: 60 }).default(0),
  OIDC_PROVIDERS: z
    .string()
    .regex(/^[a-z0-9_-]+(,[a-z0-9_-]+)*$/i, "must be provider ids separated by commas")
    .optional(),
});

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string;
  dataDir: string;
  jwt: {
    algorithm: JwtAlgorithm;
    secret: string | undefined;
    previousSecrets: string[];
    privateKeyPem: string | undefined;
    privateKeyFile: string | undefined;
    keyId: string | undefined;
    previousPublicKeysPem: string | undefined;
    issuer: string;
    audience: string;
    clockToleranceSeconds: number;
  };
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  refreshReuseGraceSeconds: number;
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
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Undelivered mail stays readable at /dev/mailbox. */
  devMailbox: boolean;
  emailVerificationTtlSeconds: number;
  passwordResetTtlSeconds: number;
  reauthMaxAgeSeconds: number;
  activityRetentionSeconds: number;
  /** How long the administrators' audit log is kept (AUDIT_RETENTION). */
  auditRetentionSeconds: number;
  /** 32 bytes that encrypt TOTP secrets; undefined outside production means "derive from the signing key". */
  mfaEncryptionKey: Buffer | undefined;
  oidcProviders: OidcProviderConfig[];
  /** The metrics and health listener; undefined (no listener) without MANAGEMENT_PORT. */
  management: { port: number; host: string } | undefined;
  /**
   * How long a stopping process keeps serving after its readiness turned 503, before it
   * stops accepting: the time a load balancer takes to notice and send elsewhere.
   */
  shutdownDelaySeconds: number;
}

export interface OidcProviderConfig {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
}

/** The product name in mail and pages (one name for the web app and the API). */
export const APP_NAME = PRODUCT_NAME;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment once, at boot. Nothing else in the API reads `process.env`. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = EnvSchema.safeParse(blankToUndefined(env));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])} ${issue.message}`);
  }
  const e = result.data;
  const mode = modeOf(e.NODE_ENV);
  const production = mode === "production";
  if (production) requireProductionKeys(e);
  const devMailbox = (e.DEV_MAILBOX ?? (production ? "off" : "on")) === "on";
  if (production && !e.SMTP_URL && !devMailbox) {
    throw new ConfigError(
      `SMTP_URL is required when ${nodeEnvOf(e)} (smtp:// or smtps:// URL of the mail server)`,
    );
  }
  // The dev mailbox hands every mailed link (password resets included) to anyone who asks:
  // in production it is taken only on a server nobody else can reach.
  if (production && devMailbox && !isLoopbackHost(e.HOST)) {
    throw new ConfigError(
      `DEV_MAILBOX=on serves every mailed link to anyone, so ${nodeEnvOf(e)} allows it only when HOST is a loopback address (127.0.0.1, ::1, localhost), not ${e.HOST}`,
    );
  }
  const mfaEncryptionKey = parseMfaKey(e.MFA_ENCRYPTION_KEY);
  if (production && !mfaEncryptionKey) {
    throw new ConfigError(
      `MFA_ENCRYPTION_KEY is required when ${nodeEnvOf(e)} (32 bytes, base64 or hex; generate one with: npm run keys)`,
    );
  }
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  if (e.MANAGEMENT_PORT !== undefined && e.MANAGEMENT_PORT !== 0 && e.MANAGEMENT_PORT === e.PORT) {
    throw new ConfigError(
      `MANAGEMENT_PORT must differ from PORT (${e.PORT}): the metrics are never served on the public port`,
    );
  }
  if (e.JWT_SECRET !== undefined && Buffer.byteLength(e.JWT_SECRET) < 32) {
    throw new ConfigError("JWT_SECRET must be at least 32 bytes (generate one with: npm run keys)");
  }
  // A retiring secret still verifies tokens, so a short one would be as weak a link as a short JWT_SECRET.
  if (splitList(e.JWT_PREVIOUS_SECRETS).some((secret) => Buffer.byteLength(secret) < 32)) {
    throw new ConfigError(
      "JWT_PREVIOUS_SECRETS must hold only secrets of at least 32 bytes, separated by commas",
    );
  }
  return {
    env: mode,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: resolveSqlitePath(e.DATABASE_URL),
    dataDir: path.resolve(API_ROOT, e.DATA_DIR),
    jwt: {
      algorithm: e.JWT_ALGORITHM,
      secret: e.JWT_SECRET,
      previousSecrets: splitList(e.JWT_PREVIOUS_SECRETS),
      privateKeyPem: e.JWT_PRIVATE_KEY?.replace(/\\n/g, "\n"),
      privateKeyFile: e.JWT_PRIVATE_KEY_FILE && path.resolve(API_ROOT, e.JWT_PRIVATE_KEY_FILE),
      keyId: e.JWT_KEY_ID,
      previousPublicKeysPem: e.JWT_PREVIOUS_PUBLIC_KEYS?.replace(/\\n/g, "\n"),
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      clockToleranceSeconds: e.JWT_CLOCK_TOLERANCE,
    },
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL,
    refreshReuseGraceSeconds: e.REFRESH_REUSE_GRACE,
    rateLimit: e.RATE_LIMIT === "on",
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    webDistDir: e.WEB_DIST_DIR
      ? path.resolve(API_ROOT, e.WEB_DIST_DIR)
      : path.resolve(API_ROOT, "../web/dist"),
    secureCookies: production,
    appUrl,
    appName: APP_NAME,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `no-reply@${new URL(appUrl).hostname}`,
    devMailbox,
    emailVerificationTtlSeconds: e.EMAIL_VERIFICATION_TTL,
    passwordResetTtlSeconds: e.PASSWORD_RESET_TTL,
    reauthMaxAgeSeconds: e.REAUTH_MAX_AGE,
    activityRetentionSeconds: e.ACTIVITY_RETENTION,
    auditRetentionSeconds: e.AUDIT_RETENTION,
    mfaEncryptionKey,
    oidcProviders: parseOidcProviders(splitList(e.OIDC_PROVIDERS), env),
    management:
      e.MANAGEMENT_PORT === undefined
        ? undefined
        : { port: e.MANAGEMENT_PORT, host: e.MANAGEMENT_HOST },
    shutdownDelaySeconds: e.SHUTDOWN_DELAY,
  };
}

function parseMfaKey(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(value)
    ? Buffer.from(value, "hex")
    : Buffer.from(value, "base64");
  if (key.length !== 32) {
    throw new ConfigError("MFA_ENCRYPTION_KEY must be 32 bytes, written as base64 or hex");
  }
  return key;
}

/** `OIDC_PROVIDERS=google,corp` plus `OIDC_GOOGLE_ISSUER`, `OIDC_GOOGLE_CLIENT_ID`, … for each id. */
function parseOidcProviders(ids: string[], env: NodeJS.ProcessEnv): OidcProviderConfig[] {
  return ids.map((id) => {
    const prefix = `OIDC_${id.toUpperCase().replace(/-/g, "_")}_`;
    const read = (name: string) => {
      const value = env[prefix + name];
      return value === undefined || value === "" ? undefined : value;
    };
    const required = (name: string) => {
      const value = read(name);
      if (value === undefined)
        throw new ConfigError(`${prefix}${name} is required for provider "${id}"`);
      return value;
    };
    const issuer = required("ISSUER");
    if (!/^https?:\/\/[^\s]+$/.test(issuer)) {
      throw new ConfigError(`${prefix}ISSUER must be an http:// or https:// URL`);
    }
    return {
      id: id.toLowerCase(),
      name: read("NAME") ?? id,
      issuer: issuer.replace(/\/+$/, ""),
      clientId: required("CLIENT_ID"),
      clientSecret: required("CLIENT_SECRET"),
      scopes: read("SCOPES") ?? "openid email profile",
    };
  });
}

/**
 * Secure by default: only the two names that mean "a developer's or a test's machine" get
 * generated keys and a cookie without `Secure`. Anything else (`staging`, a typo, or no
 * NODE_ENV at all, as in a bare `node dist/server.js`) runs as production. `npm start` and
 * `npm run dev` set `development` themselves when NODE_ENV is unset.
 */
function modeOf(nodeEnv: string | undefined): Config["env"] {
  return nodeEnv === "development" || nodeEnv === "test" ? nodeEnv : "production";
}

function requireProductionKeys(e: z.infer<typeof EnvSchema>): void {
  if (e.JWT_ALGORITHM === "HS256" && !e.JWT_SECRET) {
    throw new ConfigError(
      `JWT_SECRET is required when ${nodeEnvOf(e)} (generate one with: npm run keys; NODE_ENV=development generates one)`,
    );
  }
  if (e.JWT_ALGORITHM !== "HS256" && !e.JWT_PRIVATE_KEY && !e.JWT_PRIVATE_KEY_FILE) {
    throw new ConfigError(
      `JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required for ${e.JWT_ALGORITHM} when ${nodeEnvOf(e)} (NODE_ENV=development generates one)`,
    );
  }
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

function nodeEnvOf(e: z.infer<typeof EnvSchema>): string {
  return e.NODE_ENV === undefined ? "NODE_ENV is unset" : `NODE_ENV=${e.NODE_ENV}`;
}

/** An empty variable (`FOO=`) means "not set", as it does in most shells' intent. */
function blankToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) out[key] = value === "" ? undefined : value;
  return out;
}

function resolveSqlitePath(url: string): string {
  if (!url.startsWith("sqlite:")) return url;
  const file = url.slice("sqlite:".length);
  return file === ":memory:" ? url : `sqlite:${path.resolve(API_ROOT, file)}`;
}

function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

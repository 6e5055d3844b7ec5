import path from "node:path";
import { z } from "zod";
import type { Mode } from "./server.js";
import { API_ROOT, ConfigError, duration, splitList } from "./values.js";

export const JWT_ALGORITHMS = ["HS256", "ES256", "RS256"] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** What signs and verifies the tokens, and how long each kind lives. */
export const tokenEnv = z.object({
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
});
export type TokenEnv = z.infer<typeof tokenEnv>;

export interface TokenConfig {
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
}

/**
 * Production refuses to start without its signing keys: only development and tests have
 * them generated (auth/load-keys.ts).
 */
export function requireProductionKeys(e: TokenEnv, mode: Mode): void {
  if (e.JWT_ALGORITHM === "HS256" && !e.JWT_SECRET) {
    throw new ConfigError(
      `JWT_SECRET is required when ${mode.nodeEnv} (generate one with: npm run keys; NODE_ENV=development generates one)`,
    );
  }
  if (e.JWT_ALGORITHM !== "HS256" && !e.JWT_PRIVATE_KEY && !e.JWT_PRIVATE_KEY_FILE) {
    throw new ConfigError(
      `JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required for ${e.JWT_ALGORITHM} when ${mode.nodeEnv} (NODE_ENV=development generates one)`,
    );
  }
}

/** A secret that signs or still verifies: at least 32 bytes, in every mode. */
export function requireLongSecrets(e: TokenEnv): void {
  if (e.JWT_SECRET !== undefined && Buffer.byteLength(e.JWT_SECRET) < 32) {
    throw new ConfigError("JWT_SECRET must be at least 32 bytes (generate one with: npm run keys)");
  }
  // A retiring secret still verifies tokens, so a short one would be as weak a link as a short JWT_SECRET.
  if (splitList(e.JWT_PREVIOUS_SECRETS).some((secret) => Buffer.byteLength(secret) < 32)) {
    throw new ConfigError(
      "JWT_PREVIOUS_SECRETS must hold only secrets of at least 32 bytes, separated by commas",
    );
  }
}

export function tokenConfig(e: TokenEnv): TokenConfig {
  return {
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
  };
}

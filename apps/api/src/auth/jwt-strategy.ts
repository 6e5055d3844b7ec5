import type { Strategy as JwtStrategy, StrategyOptionsWithoutRequest } from "passport-jwt";
import { bearerToken } from "./bearer-token.js";
import { ACCESS_TOKEN_TYPE } from "./issue-access-token.js";
import type { KeyRing } from "./key-ring.js";
import {
  CachingJwtStrategy,
  VERIFIED_TOKENS_KEPT,
  VerifiedTokenCache,
} from "./verified-token-cache.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- the way Express types req.user
  namespace Express {
    /** Who a verified access token speaks for: built from its claims alone. */
    interface User {
      id: string;
      email: string;
      name: string;
      sid: string;
      jti: string;
      iat: number;
      exp: number;
      /** When the user last proved a credential (seconds), the `auth_time` claim. */
      authTime: number;
      /** RFC 8176 method values: how they proved it. */
      amr: string[];
      emailVerified: boolean;
      /** The `roles` claim: `["user"]`, `["admin","user"]`; what requireRole reads. */
      roles: string[];
    }
  }
}

/** Why a token was refused, carried from the strategy to requireAuth. */
export interface TokenRejection {
  code: "token_invalid" | "token_revoked";
}

/**
 * passport-jwt, configured the way RFC 8725 asks: one pinned algorithm, issuer and
 * audience checked (set at the top level: passport-jwt overwrites those four inside
 * `jsonWebTokenOptions`), the key chosen by `kid` from our own key ring only, and the
 * user built from the claims, so a protected request needs no database read.
 */
export function createJwtStrategy(options: {
  keys: KeyRing;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  /** Whether a session has ended: the in-memory revocation list, no database read. */
  isRevoked: (sessionId: string) => boolean;
  /**
   * Whether a token of this user claims a role the user has lost since it was issued (the
   * revocation list's role entries): such a token is refused like a revoked one.
   */
  claimsLostRole?: (userId: string, roles: readonly string[]) => boolean;
  /** The app's clock (ms), for jsonwebtoken's `exp` and `nbf` checks, the cache and `iat`. */
  now: () => number;
}): JwtStrategy {
  const { keys, isRevoked, now } = options;
  const strategyOptions: StrategyOptionsWithoutRequest = {
    jwtFromRequest: bearerToken,
    secretOrKeyProvider: (_req, rawJwt, done) => {
      const header = decodeHeader(rawJwt);
      const key =
        header && acceptableHeader(header, keys)
          ? keys.verifiers.get(header.kid as string)
          : undefined;
      if (!key) return done(new Error("unacceptable token header"));
      done(null, key as unknown as string);
    },
    algorithms: [keys.algorithm],
    issuer: options.issuer,
    audience: options.audience,
    ignoreExpiration: false,
    jsonWebTokenOptions: { clockTolerance: options.clockToleranceSeconds },
  };

  // Tokens verified once are not verified again while they live: see verified-token-cache.ts.
  const verifiedTokens = new VerifiedTokenCache({
    maxEntries: VERIFIED_TOKENS_KEPT,
    clockToleranceSeconds: options.clockToleranceSeconds,
    now,
  });
  const strategy = new CachingJwtStrategy(
    strategyOptions,
    (payload: Record<string, unknown>, done) => {
      const { sub, email, name, sid, exp, iat, jti } = payload;
      const authTime = payload.auth_time;
      const amr = payload.amr;
      const emailVerified = payload.email_verified;
      // Tokens signed before roles existed carry none: they claim the default role only.
      const roles = payload.roles ?? DEFAULT_ROLE_CLAIM;
      if (
        typeof sub !== "string" ||
        typeof sid !== "string" ||
        typeof email !== "string" ||
        typeof name !== "string" ||
        typeof exp !== "number" ||
        typeof jti !== "string" ||
        typeof authTime !== "number" ||
        typeof emailVerified !== "boolean" ||
        !Array.isArray(amr) ||
        !amr.every((value) => typeof value === "string") ||
        !Array.isArray(roles) ||
        !roles.every((value) => typeof value === "string")
      ) {
        return done(null, false, { code: "token_invalid" } satisfies TokenRejection);
      }
      // RFC 9068 access tokens always carry `iat`; one from the future (beyond the leeway that
      // `nbf` gets) was not issued by a sane signer, so it is refused rather than trusted.
      const nowSeconds = Math.floor(now() / 1000);
      if (typeof iat !== "number" || iat > nowSeconds + options.clockToleranceSeconds) {
        return done(null, false, { code: "token_invalid" } satisfies TokenRejection);
      }
      if (isRevoked(sid) || options.claimsLostRole?.(sub, roles as string[])) {
        return done(null, false, { code: "token_revoked" } satisfies TokenRejection);
      }
      return done(null, {
        id: sub,
        email,
        name,
        sid,
        jti,
        iat,
        exp,
        authTime,
        amr: amr as string[],
        emailVerified,
        roles: roles as string[],
      });
    },
    verifiedTokens,
  );
  useClock(strategy, now);
  return strategy;
}

/**
 * jsonwebtoken reads the time from `clockTimestamp` when it is given, else from Date.now.
 * passport-jwt hands it one options object for every verification, so a getter there makes
 * each `exp`/`nbf` check read the app's clock, the same clock as revocation and the cache:
 * a test that moves the clock sees tokens expire exactly as production would.
 */
function useClock(strategy: JwtStrategy, now: () => number): void {
  const options = (strategy as unknown as { _verifOpts?: Record<string, unknown> })._verifOpts;
  if (!options) throw new Error("passport-jwt no longer keeps its jsonwebtoken options");
  Object.defineProperty(options, "clockTimestamp", {
    enumerable: true,
    get: () => Math.floor(now() / 1000),
  });
}

const DEFAULT_ROLE_CLAIM: readonly string[] = Object.freeze(["user"]);

type JoseHeader = Record<string, unknown>;

function decodeHeader(rawJwt: string): JoseHeader | undefined {
  try {
    const header: unknown = JSON.parse(
      Buffer.from(rawJwt.slice(0, rawJwt.indexOf(".")), "base64url").toString("utf8"),
    );
    return header !== null && typeof header === "object" && !Array.isArray(header)
      ? (header as JoseHeader)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Only headers this API itself writes: its algorithm, its token type, a `kid` it knows,
 * and nothing that asks the verifier to fetch or trust a key (`jku`, `x5u`, `jwk`, `x5c`)
 * or to understand an extension (`crit`).
 */
function acceptableHeader(header: JoseHeader, keys: KeyRing): boolean {
  return (
    header.alg === keys.algorithm &&
    header.typ === ACCESS_TOKEN_TYPE &&
    typeof header.kid === "string" &&
    keys.verifiers.has(header.kid) &&
    !("crit" in header || "jku" in header || "x5u" in header || "jwk" in header || "x5c" in header)
  );
}

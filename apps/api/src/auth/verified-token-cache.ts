import type { Request } from "express";
import {
  Strategy as JwtStrategy,
  type StrategyOptionsWithoutRequest,
  type VerifyCallback,
} from "passport-jwt";

type Claims = Readonly<Record<string, unknown>>;

/**
 * How many verified tokens one API instance keeps: each is under 1 kB, so at most ~10 MB,
 * and enough for every client active within one access-token lifetime on most deployments
 * (a client that falls out is merely verified in full again).
 */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Access tokens that passed full verification, remembered by their exact text, so a client
 * that sends the same token again (an SPA sends one token on every call for its whole
 * lifetime) skips the signature check and the JSON parsing, the bulk of a protected
 * request's own cost.
 *
 * Why a hit is as safe as a full verification:
 * - the key is the whole token (header, claims, signature): one changed byte is another key,
 *   which goes through jsonwebtoken like any unknown token;
 * - only tokens that verified and whose claims were accepted are stored; a failure never is;
 * - what can change after a token verified is time and revocation, and both are checked on
 *   every hit: `exp` and `nbf` here, with the same clock and leeway as jsonwebtoken (an
 *   expired entry is dropped and the token takes the full path, which answers
 *   `token_expired`), and the strategy's own callback (session revoked, `iat`) runs as on a
 *   miss;
 * - it holds at most `maxEntries` tokens, the least recently used leaving first.
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, Claims>();
  readonly #maxEntries: number;
  readonly #clockToleranceSeconds: number;
  readonly #now: () => number;

  constructor(options: { maxEntries: number; clockToleranceSeconds: number; now?: () => number }) {
    this.#maxEntries = options.maxEntries;
    this.#clockToleranceSeconds = options.clockToleranceSeconds;
    // jsonwebtoken's clock, so a hit and a full verification agree on the second a token expires.
    this.#now = options.now ?? Date.now;
  }

  /** The claims of a remembered token that is still within its lifetime. */
  get(token: string): Claims | undefined {
    const claims = this.#entries.get(token);
    if (claims === undefined) return undefined;
    this.#entries.delete(token);
    if (!this.#withinLifetime(claims)) return undefined;
    this.#entries.set(token, claims); // now the most recently used
    return claims;
  }

  /** Remembers claims that passed verification; anything without a numeric `exp` is not kept. */
  remember(token: string, claims: Claims): void {
    if (typeof claims.exp !== "number" || !this.#withinLifetime(claims)) return;
    this.#entries.delete(token);
    this.#entries.set(token, Object.freeze({ ...claims }));
    while (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }

  forget(token: string): void {
    this.#entries.delete(token);
  }

  get size(): number {
    return this.#entries.size;
  }

  // The same comparisons as jsonwebtoken's verify: expired once now >= exp + leeway, not yet
  // valid while nbf > now + leeway, both in whole seconds.
  #withinLifetime(claims: Claims): boolean {
    const now = Math.floor(this.#now() / 1000);
    const { exp, nbf } = claims;
    if (typeof exp !== "number" || now >= exp + this.#clockToleranceSeconds) return false;
    return !(typeof nbf === "number" && nbf > now + this.#clockToleranceSeconds);
  }
}

/**
 * passport-jwt's strategy with the cache in front: a remembered token goes straight to the
 * verify callback (revocation and claim checks included); any other token is verified by
 * passport-jwt and jsonwebtoken as usual, and remembered once the callback accepts it.
 */
export class CachingJwtStrategy extends JwtStrategy {
  // Plain properties, not #private ones: passport runs `authenticate` on a per-request
  // object created with Object.create(strategy), which private fields do not reach.
  private readonly verifiedTokens: VerifiedTokenCache;
  private readonly verifyClaims: VerifyCallback;
  private readonly tokenOf: (req: Request) => string | null;

  constructor(
    options: StrategyOptionsWithoutRequest,
    verify: VerifyCallback,
    cache: VerifiedTokenCache,
  ) {
    const tokenOf = options.jwtFromRequest as (req: Request) => string | null;
    super({ ...options, passReqToCallback: true }, (req: Request, claims: Claims, done) => {
      verify(claims, (err, user, info) => {
        if (!err && user) {
          const token = tokenOf(req);
          if (token) cache.remember(token, claims);
        }
        done(err, user, info);
      });
    });
    this.verifiedTokens = cache;
    this.verifyClaims = verify;
    this.tokenOf = tokenOf;
  }

  override authenticate(req: Request, options?: object): void {
    const token = this.tokenOf(req);
    const claims = token === null ? undefined : this.verifiedTokens.get(token);
    if (claims === undefined) return super.authenticate(req, options);
    try {
      this.verifyClaims(claims, (err, user, info) => {
        if (err) return this.error(err);
        if (!user) {
          // Revoked since it was remembered: it will never be accepted again, so let it go.
          this.verifiedTokens.forget(token!);
          return (this.fail as (challenge: unknown) => void)(info);
        }
        return this.success(user, info);
      });
    } catch (err) {
      this.error(err as Error);
    }
  }
}

import type { RequestHandler } from "express";
import type { Passport } from "passport";

/** One Passport instance per app (never the global one), so apps in one process stay apart. */
export type Authenticator = InstanceType<typeof Passport>;
import { AppError } from "../http/app-error.js";
import type { TokenRejection } from "./jwt-strategy.js";

const CHALLENGE = 'Bearer realm="api"';

/**
 * Guards a route with the passport-jwt strategy and turns its failures into RFC 6750
 * challenges with a stable code: `token_missing` when nothing was sent, otherwise
 * `error="invalid_token"` and `token_expired`, `token_revoked` or `token_invalid`.
 */
export function createRequireAuth(passport: Authenticator): RequestHandler {
  return (req, res, next) => {
    passport.authenticate(
      "jwt",
      { session: false },
      (err: unknown, user: Express.User | false, info: unknown) => {
        if (err) return next(err);
        if (user) {
          req.user = user;
          return next();
        }
        if (req.headers.authorization === undefined) {
          return next(AppError.of("token_missing", { headers: { "WWW-Authenticate": CHALLENGE } }));
        }
        const code = rejectionCode(info);
        return next(
          AppError.of(code, {
            headers: {
              "WWW-Authenticate": `${CHALLENGE}, error="invalid_token", error_description="${DESCRIPTIONS[code]}"`,
            },
          }),
        );
      },
    )(req, res, next);
  };
}

/**
 * For routes where a Bearer token is welcome but not needed (logout): sets `req.user`
 * when a valid one was sent and carries on either way.
 */
export function createOptionalAuth(passport: Authenticator): RequestHandler {
  return (req, res, next) => {
    if (req.headers.authorization === undefined) return next();
    passport.authenticate("jwt", { session: false }, (err: unknown, user: Express.User | false) => {
      if (err) return next(err);
      if (user) req.user = user;
      next();
    })(req, res, next);
  };
}

const DESCRIPTIONS = {
  token_expired: "The access token expired",
  token_revoked: "The session was ended",
  token_invalid: "The access token is invalid",
} as const;

function rejectionCode(info: unknown): keyof typeof DESCRIPTIONS {
  if (info instanceof Error && info.name === "TokenExpiredError") return "token_expired";
  if ((info as TokenRejection | undefined)?.code === "token_revoked") return "token_revoked";
  return "token_invalid";
}

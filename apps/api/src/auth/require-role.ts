import type { RequestHandler } from "express";
import { AppError } from "../http/app-error.js";

/**
 * Lets a request through only when its verified access token's `roles` claim holds `role`;
 * `403 forbidden` otherwise. It reads the claim requireAuth put on `req.user`, so it costs no
 * database read: put it after `requireAuthOf(app)` (or on a `bearer`/`fresh` route of the
 * registry, through the route's `role`). A role taken away is refused at once all the same:
 * the revocation list refuses every token that still claims it (sessions/revocation-list.ts).
 *
 *   own.get("/api/reports", requireAuthOf(app), requireRole("admin"), (req, res) => …)
 */
export function requireRole(role: string): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) {
      return next(
        AppError.of("token_missing", {
          headers: { "WWW-Authenticate": 'Bearer realm="api"' },
        }),
      );
    }
    if (req.user.roles.includes(role)) return next();
    next(AppError.of("forbidden", { detail: `This needs the ${role} role` }));
  };
}

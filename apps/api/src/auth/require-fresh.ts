import type { RequestHandler } from "express";
import { AppError } from "../http/app-error.js";

/**
 * For dangerous actions (RFC 9470 step-up): the access token's `auth_time` must be
 * recent, else 401 `reauthentication_required` with a challenge that names the maximum
 * age. The client re-authenticates in the same session and retries. Runs after requireAuth.
 */
export function createRequireFresh(maxAgeSeconds: number, now: () => number): RequestHandler {
  const assertFresh = createAssertFresh(maxAgeSeconds, now);
  return (req, _res, next) => {
    try {
      assertFresh(req.user);
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** The same check, for a route that needs it only in some cases (a first password). */
export function createAssertFresh(
  maxAgeSeconds: number,
  now: () => number,
): (user: Express.User | undefined) => void {
  const challenge = `Bearer realm="api", error="insufficient_user_authentication", max_age=${maxAgeSeconds}`;
  return (user) => {
    const authTime = user?.authTime ?? 0;
    if (Math.floor(now() / 1000) - authTime <= maxAgeSeconds) return;
    throw AppError.of("reauthentication_required", {
      detail: `This action needs a sign-in within the last ${maxAgeSeconds} seconds`,
      headers: { "WWW-Authenticate": challenge },
    });
  };
}

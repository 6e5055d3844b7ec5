import { REFRESH_COOKIE_NAME, REFRESH_COOKIE_PATH } from "@jwt-auth/shared";
import type { CookieOptions, Request, Response } from "express";

/**
 * The refresh token lives only in this cookie: HttpOnly (no script can read it, unlike
 * the access token in localStorage), SameSite=Strict (never sent by another site's page)
 * and scoped to /api/auth (never sent with ordinary API calls).
 */
function options(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: "strict", path: REFRESH_COOKIE_PATH, secure };
}

export function setRefreshCookie(
  res: Response,
  token: string,
  expiresAt: number,
  secure: boolean,
  now: number,
): void {
  res.cookie(REFRESH_COOKIE_NAME, token, {
    ...options(secure),
    maxAge: Math.max(0, expiresAt - now),
  });
}

export function clearRefreshCookie(res: Response, secure: boolean): void {
  res.clearCookie(REFRESH_COOKIE_NAME, options(secure));
}

export function readRefreshCookie(req: Request): unknown {
  return (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE_NAME];
}

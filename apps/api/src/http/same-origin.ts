import type { RequestHandler } from "express";
import { AppError } from "./app-error.js";

/**
 * For the routes a cookie alone authenticates (refresh, logout). `SameSite=Strict` keeps
 * the cookie from other *sites*, but a page on another port or subdomain of the same site
 * is same-site: a form it auto-submits carries the cookie. Browsers say where a request
 * comes from, so one that is not from this origin is refused before the cookie is read.
 *
 * `Sec-Fetch-Site` first (every current browser sends it, and it cannot be set by a page);
 * `Origin` for older browsers, compared by host and port only: behind a TLS proxy that does
 * not say so, `req.protocol` is http while the page was https, and a page on http of the
 * same host is not who this stops. Clients that send neither (curl, other services) are
 * not browsers riding a cookie, so they pass.
 */
export const sameOrigin: RequestHandler = (req, _res, next) => {
  const site = req.headers["sec-fetch-site"];
  const origin = req.headers.origin;
  if (
    (site !== undefined && site !== "same-origin") ||
    (origin !== undefined && !isOwn(origin, req.headers.host))
  ) {
    next(
      new AppError(403, "cross_site_request", {
        detail: "This endpoint takes requests from the application's own pages only",
      }),
    );
    return;
  }
  next();
};

function isOwn(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return new URL(origin).host === new URL(`http://${host}`).host;
  } catch {
    return false; // `null` (a sandboxed or privacy-stripped origin) or garbage
  }
}

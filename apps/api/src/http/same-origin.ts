import type { Request, RequestHandler } from "express";
import { AppError } from "./app-error.js";

/**
 * For the routes a cookie alone authenticates (refresh, logout). `SameSite=Strict` keeps
 * the cookie from other *sites*, but a page on another port or subdomain of the same site
 * is same-site: a form it auto-submits carries the cookie. Browsers say where a request
 * comes from, so one that is not from this origin is refused before the cookie is read.
 *
 * `Sec-Fetch-Site` decides when present: every current browser sends it and no page can
 * set it, and it needs no idea of the server's own address, which a proxy may rewrite.
 * Older browsers send only `Origin`, compared with the request's host and port (the
 * forwarded host when the proxy is trusted); not the scheme, as behind a TLS proxy that
 * does not say so the request looks like http while the page was https. Clients that send
 * neither (curl, other services) are not browsers riding a cookie, so they pass.
 */
export const sameOrigin: RequestHandler = (req, _res, next) => {
  if (isSameOrigin(req)) {
    next();
    return;
  }
  next(
    AppError.of("cross_site_request", {
      detail: "This endpoint takes requests from the application's own pages only",
    }),
  );
};

function isSameOrigin(req: Request): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined) return site === "same-origin";
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === new URL(`http://${req.host}`).host;
  } catch {
    return false; // `null` (a sandboxed or privacy-stripped origin), garbage, or no Host
  }
}

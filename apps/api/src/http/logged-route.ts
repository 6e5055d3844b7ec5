import type { Request } from "express";

/** What the log says for a request that matched no route and served no file. */
export const UNMATCHED = "(unmatched)";
/** A page of the SPA: its path is the browser's, any text at all, so it is not logged. */
export const SPA_PAGE = "(page)";

/**
 * The request's route as safe to log: the pattern the code declared
 * (`/api/user/sessions/:id`), never the path the client sent, which may hold a password or a
 * token of any shape (percent-encoded, split, not looking like one at all).
 *
 * - a route with a string pattern: that pattern, its mount point first;
 * - no route, a GET or HEAD answered below 400: a static file that exists (only files of
 *   the build and of the API reference are served that way), its path without the query;
 * - a route with a pattern that is not a string (the SPA's catch-all) answered below 400:
 *   a placeholder;
 * - anything else: a placeholder.
 */
export function loggedRoute(req: Request, statusCode: number): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === "string") return `${req.baseUrl}${pattern}`;
  if (statusCode >= 400) return UNMATCHED;
  if (pattern !== undefined) return SPA_PAGE;
  if (req.method === "GET" || req.method === "HEAD") return pathOnly(req.originalUrl);
  return UNMATCHED;
}

function pathOnly(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

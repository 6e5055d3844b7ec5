import type { Request } from "express";
import { SPA_PAGE, UNMATCHED } from "../http/logged-route.js";
import type { RequestObserver } from "../http/observe-requests.js";
import type { DurationSeries, RequestDurations } from "./request-durations.js";

/** A file served without a route (the SPA's build, the API reference's assets). */
export const STATIC_FILE = "(static)";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * The route a request is counted under: the pattern the code declared, never the path the
 * client sent (it may hold a token, an email, anything), so the series stay few and safe.
 * `req.route` is set by Express's router for every matched route (mount-routes.ts builds it).
 */
export function metricRoute(req: Request, statusCode: number): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === "string") return `${req.baseUrl}${pattern}`;
  if (statusCode >= 400) return UNMATCHED;
  if (pattern !== undefined) return SPA_PAGE;
  if (req.method === "GET" || req.method === "HEAD") return STATIC_FILE;
  return UNMATCHED;
}

/**
 * Observes each request's duration once its response is sent (a client that gave up is not
 * timed). Per request: three map lookups keyed by what the request already holds (its
 * Express route object, its method, its status), so nothing is allocated to find the
 * series, which is made once per (route, method, status); the clock and the listener are
 * the ones every observer of requests shares (observe-requests.ts).
 */
export function timeRequests(durations: RequestDurations): RequestObserver {
  const children = new Map<unknown, Map<string, Map<number, DurationSeries>>>();
  const childOf = (req: Request, status: number): DurationSeries => {
    // A matched route's object stands for its pattern; the rest by the name they count under.
    const key = req.route ?? metricRoute(req, status);
    let byMethod = children.get(key);
    if (byMethod === undefined) children.set(key, (byMethod = new Map()));
    let byStatus = byMethod.get(req.method);
    if (byStatus === undefined) byMethod.set(req.method, (byStatus = new Map()));
    let child = byStatus.get(status);
    if (child === undefined) {
      const method = METHODS.has(req.method) ? req.method : "OTHER";
      child = durations.series({
        route: metricRoute(req, status),
        method,
        status: String(status),
      });
      byStatus.set(status, child);
    }
    return child;
  };
  return {
    end(req, res, elapsedMs) {
      if (res.writableFinished) childOf(req, res.statusCode).observe(elapsedMs / 1000);
    },
  };
}

import type { Request, RequestHandler } from "express";
import type { Histogram } from "prom-client";
import { SPA_PAGE, UNMATCHED } from "../http/logged-route.js";

type Durations = Histogram<"route" | "method" | "status">;

/** A file served without a route (the SPA's build, the API reference's assets). */
export const STATIC_FILE = "(static)";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * The route a request is counted under: the pattern the code declared, never the path the
 * client sent (it may hold a token, an email, anything), so the series stay few and safe.
 * `req.route` is set by Express's router and by the route table (mount-routes.ts) alike.
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
 * Observes each request's duration once its response is sent. Per request: one clock
 * reading, one listener, one map lookup; the labelled child of each (route, method, status)
 * is made once, so prom-client does not hash a label object on every request.
 */
export function timeRequests(durations: Durations): RequestHandler {
  const children = new Map<string, { observe(value: number): void }>();
  return (req, res, next) => {
    const start = performance.now();
    res.once("finish", () => {
      const status = res.statusCode;
      const route = metricRoute(req, status);
      const method = METHODS.has(req.method) ? req.method : "OTHER";
      const key = `${method} ${status} ${route}`;
      let child = children.get(key);
      if (child === undefined) {
        child = durations.labels(route, method, String(status));
        children.set(key, child);
      }
      child.observe((performance.now() - start) / 1000);
    });
    next();
  };
}

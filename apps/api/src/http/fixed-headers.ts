import type { RequestHandler } from "express";

/**
 * Sets the same response headers on every request from a list made once, at start-up.
 * The protected route is the hot path: a loop of `setHeader` is all it pays, where helmet
 * runs a dozen middlewares and rebuilds its policy string per request. Only for headers
 * that really are the same for every response (no nonce, nothing from the request).
 */
export function fixedHeaders(headers: Readonly<Record<string, string>>): RequestHandler {
  const list = Object.entries(headers);
  return (_req, res, next) => {
    for (const [name, value] of list) res.setHeader(name, value);
    next();
  };
}

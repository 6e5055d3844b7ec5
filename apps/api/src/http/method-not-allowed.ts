import type { RequestHandler } from "express";
import { AppError } from "./app-error.js";

/** The last handler of a route: a known path with another method gets 405 and `Allow`. */
export function methodNotAllowed(...allowed: string[]): RequestHandler {
  const allow = allowed.join(", ");
  return (_req, _res, next) => {
    next(AppError.of("method_not_allowed", { headers: { Allow: allow } }));
  };
}

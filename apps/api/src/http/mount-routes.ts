import { toFieldErrors } from "@jwt-auth/shared";
import { Router, type RequestHandler } from "express";
import type { z } from "zod";
import { AppError } from "./app-error.js";
import { jsonBody } from "./json-body.js";
import { methodNotAllowed } from "./method-not-allowed.js";
import type { AuthRequirement, Route } from "./route.js";

/** The middleware behind each `auth` value of a route declaration. */
export type Guards = Record<AuthRequirement, readonly RequestHandler[]>;

/**
 * Turns route declarations into Express routing: for each route, its guard, its throttle,
 * body parsing and validation, its limits, then its handler; for each path, 405 with `Allow`
 * for the methods it does not take.
 *
 * A request whose method and path are exactly those of a declared route without parameters
 * (the profile, the login: nearly all traffic) is dispatched from a table, straight to the
 * handlers Express would run for it, with the same `req.route`. Everything else (`HEAD`,
 * another case, a trailing slash, a path with parameters, a 405) goes through the Express
 * router those same declarations built. Express's router walks its layers for every request
 * and allocates as it goes (closures per layer, a nested router's state): the table spares
 * the hot routes that work and its garbage (docs/performance.md).
 */
export function mountRoutes(
  routes: readonly Route[],
  guards: Guards,
  requireRole?: (role: string) => RequestHandler,
): RequestHandler {
  const router = Router();
  const byPath = new Map<string, Route[]>();
  for (const route of routes) {
    const list = byPath.get(route.path) ?? [];
    list.push(route);
    byPath.set(route.path, list);
  }
  const exact = new Map<string, Map<string, ExactRoute>>();
  const patterns: RegExp[] = [];
  for (const [path, list] of byPath) {
    const chain = router.route(expressPath(path));
    const pattern = pathPattern(path);
    // The table may only answer what the router would answer the same way: a path an
    // earlier route's pattern also matches is left to the router, which tries that one first.
    const shadowed = patterns.some((earlier) => earlier.test(path));
    patterns.push(pattern);
    for (const route of list) {
      const handlers: RequestHandler[] = [
        ...guardsOf(route, guards, requireRole),
        ...(route.throttle ?? []),
        ...(route.body ? [jsonBody] : []),
        // A route without input (the profile: the hot path) skips this step entirely.
        ...(hasInput(route) ? [validate(route)] : []),
        ...(route.limits ?? []),
        run(route),
      ];
      chain[route.method](...handlers);
      if (!shadowed && !path.includes("{")) {
        const method = route.method.toUpperCase();
        const forMethod = exact.get(method) ?? new Map<string, ExactRoute>();
        forMethod.set(path, { route: chain, handlers });
        exact.set(method, forMethod);
      }
    }
    chain.all(methodNotAllowed(...list.map((route) => route.method.toUpperCase())));
  }
  const dispatch: RequestHandler = (req, res, next) => {
    const found = exact.get(req.method)?.get(req.path);
    if (found === undefined) return router(req, res, next);
    req.route = found.route;
    runHandlers(found.handlers, req, res, next);
  };
  // The router's layers stay readable where a mounted router's are (`handle.stack`), for
  // what lists an app's routes (the OpenAPI document's test does).
  return Object.assign(dispatch, { stack: router.stack });
}

/**
 * The route's guard, with its role check right after the token's (the first handler of a
 * `bearer` or `fresh` guard): someone without the role is told so (403) before being asked
 * to sign in again (401 `reauthentication_required`) for a door that would stay shut.
 */
function guardsOf(
  route: Route,
  guards: Guards,
  requireRole: ((role: string) => RequestHandler) | undefined,
): readonly RequestHandler[] {
  const guard = guards[route.auth];
  if (route.role === undefined) return guard;
  if ((route.auth !== "bearer" && route.auth !== "fresh") || !requireRole) {
    throw new Error(`${route.operationId}: a role needs a bearer or fresh route and a role guard`);
  }
  const [authenticate, ...rest] = guard;
  return [authenticate!, requireRole(route.role), ...rest];
}

interface ExactRoute {
  /** The Express route of the path, as the router would set it on `req.route`. */
  route: unknown;
  handlers: RequestHandler[];
}

/**
 * Runs one route's handlers as Express 5 does: `next()` goes on to the next one, `next(err)`
 * (or a throw, or a rejected promise) leaves for the error handlers, and past the last
 * handler the request goes on to the app's next middleware.
 */
function runHandlers(
  handlers: readonly RequestHandler[],
  req: Parameters<RequestHandler>[0],
  res: Parameters<RequestHandler>[1],
  done: Parameters<RequestHandler>[2],
): void {
  let index = 0;
  const next = (err?: unknown): void => {
    if (err === "route" || err === "router") return done();
    if (err) return done(err);
    const handler = handlers[index++];
    if (handler === undefined) return done();
    try {
      const returned: unknown = handler(req, res, next);
      if (returned instanceof Promise) {
        returned.then(undefined, (error: unknown) => next(error ?? new Error("Rejected promise")));
      }
    } catch (error) {
      next(error);
    }
  };
  next();
}

/** What Express's router matches for a declared path: any case, an optional trailing slash. */
function pathPattern(path: string): RegExp {
  const source = path
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  return new RegExp(`^${source}/?$`, "i");
}

/** `/api/user/sessions/{id}` → `/api/user/sessions/:id`. */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ":$1");
}

interface Parsed {
  body: unknown;
  query: unknown;
  params: unknown;
}

const PARSED = Symbol("parsed input");
type WithParsed = { [PARSED]?: Parsed };

const NO_INPUT: Parsed = Object.freeze({ body: undefined, query: undefined, params: undefined });

function hasInput(route: Route): boolean {
  return Boolean(route.body || route.query || route.params);
}

function validate(route: Route): RequestHandler {
  return (req, _res, next) => {
    const parsed: Parsed = {
      body: route.body ? parse(route.body, req.body) : undefined,
      query: route.query ? parse(route.query, req.query) : undefined,
      params: route.params ? parse(route.params, req.params) : undefined,
    };
    // Limits that key on the input (the login's per-account limit) read the parsed body.
    if (route.body) req.body = parsed.body;
    (req as WithParsed)[PARSED] = parsed;
    next();
  };
}

function parse(schema: z.ZodType, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError(400, "validation_failed", { errors: toFieldErrors(result.error) });
  }
  return result.data;
}

function run(route: Route): RequestHandler {
  return async (req, res) => {
    const parsed = (req as WithParsed)[PARSED] ?? NO_INPUT;
    await route.handler({ req, res, ...parsed, user: req.user });
  };
}

import { toFieldErrors } from "@jwt-auth/shared";
import type { IRouter, RequestHandler } from "express";
import type { z } from "zod";
import type { ErrorCode } from "@jwt-auth/shared";
import { DomainError } from "../errors/domain-error.js";
import { AppError } from "./app-error.js";
import { statusOf } from "./problem-status.js";
import { jsonBody } from "./json-body.js";
import { methodNotAllowed } from "./method-not-allowed.js";
import type { AuthRequirement, Route } from "./route.js";

/** The middleware behind each `auth` value of a route declaration. */
export type Guards = Record<AuthRequirement, readonly RequestHandler[]>;

/**
 * Puts route declarations on an Express app or router: for each route, its guard, its
 * throttle, body parsing and validation, its limits, then its handler; for each path, 405
 * with `Allow` for the methods it does not take. Routing itself is Express's. On the app
 * itself, not on a router of their own mounted in it: a request then goes through one
 * router, not two (each router a request passes through allocates its own dispatch state).
 */
export function mountRoutes(
  router: IRouter,
  routes: readonly Route[],
  guards: Guards,
  requireRole?: (role: string) => RequestHandler,
): void {
  const byPath = new Map<string, Route[]>();
  for (const route of routes) {
    const list = byPath.get(route.path) ?? [];
    list.push(route);
    byPath.set(route.path, list);
  }
  for (const [path, list] of byPath) {
    const chain = router.route(expressPath(path));
    for (const route of list) {
      chain[route.method](
        ...guardsOf(route, guards, requireRole),
        ...(route.throttle ?? []),
        ...(route.body ? [jsonBody] : []),
        // A route without input (the profile: the hot path) skips this step entirely.
        ...(hasInput(route) ? [validate(route)] : []),
        ...(route.limits ?? []),
        run(route),
      );
    }
    chain.all(methodNotAllowed(...list.map((route) => route.method.toUpperCase())));
  }
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

/** `/api/user/sessions/{id}` → `/api/user/sessions/:id`. */
function expressPath(path: string): string {
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
    throw AppError.of("validation_failed", { errors: toFieldErrors(result.error) });
  }
  return result.data;
}

function run(route: Route): RequestHandler {
  const declared = declaredStatuses(route);
  if (declared.size === 0) {
    return async (req, res) => {
      const parsed = (req as WithParsed)[PARSED] ?? NO_INPUT;
      await route.handler({ req, res, ...parsed, user: req.user });
    };
  }
  return async (req, res) => {
    const parsed = (req as WithParsed)[PARSED] ?? NO_INPUT;
    try {
      await route.handler({ req, res, ...parsed, user: req.user });
    } catch (err) {
      const status = err instanceof DomainError ? declared.get(err.code) : undefined;
      throw status === undefined ? err : AppError.from(err as DomainError, status);
    }
  };
}

/**
 * The codes a route documents under another status than the code->status table gives them
 * (a wrong code while turning TOTP on is a form error, 400, not the login's 401): the
 * declaration, which the OpenAPI document shows, decides for that route.
 */
function declaredStatuses(route: Route): Map<ErrorCode, number> {
  const statuses = new Map<ErrorCode, number>();
  for (const [status, response] of Object.entries(route.responses)) {
    for (const code of response.problems ?? []) {
      if (statusOf(code) !== Number(status)) statuses.set(code, Number(status));
    }
  }
  return statuses;
}

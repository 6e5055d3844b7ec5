import type { ErrorCode } from "@jwt-auth/shared";
import type { Request, RequestHandler, Response } from "express";
import type { z } from "zod";

/**
 * A route is declared once: its method and path, who may call it, the zod schemas of what
 * it takes and gives, the problem codes it can answer, and its handler. The Express wiring
 * (mount-routes.ts), the request validation and the OpenAPI document (build-document.ts)
 * are all made from this declaration, so they cannot disagree.
 */

/**
 * `bearer`: a valid access token (passport-jwt). `fresh`: the same, with an `auth_time`
 * within REAUTH_MAX_AGE (RFC 9470 step-up). `optional-bearer`: a token is used when sent
 * and valid, never required. `refresh-cookie`: the HttpOnly refresh cookie, same-origin only.
 */
export type AuthRequirement = "none" | "bearer" | "fresh" | "optional-bearer" | "refresh-cookie";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export type RouteTag = "auth" | "user" | "admin" | "meta" | "dev";

export type HeaderName =
  | "WwwAuthenticate"
  | "RetryAfter"
  | "SetRefreshCookie"
  | "ClearRefreshCookie"
  | "Allow"
  | "ContentDisposition"
  | "Location";

export interface DocumentedResponse {
  description: string;
  /** A JSON body described by this schema. */
  body?: z.ZodType;
  /** An `application/problem+json` body whose `code` is one of these. */
  problems?: readonly ErrorCode[];
  /** An HTML page (the interactive reference). */
  html?: true;
  headers?: readonly HeaderName[];
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<A extends AuthRequirement, B, Q, P> {
  req: Request;
  res: Response;
  /** The body, parsed by the route's schema (emails normalised, unknown fields dropped). */
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  /** Who the verified access token speaks for; always there on `bearer` and `fresh` routes. */
  user: A extends "bearer" | "fresh" ? Express.User : Express.User | undefined;
}

export interface RouteSpec<
  A extends AuthRequirement,
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
> {
  method: HttpMethod;
  /** OpenAPI style, `{name}` for a parameter: use `apiPaths` from the shared package. */
  path: string;
  operationId: string;
  tag: RouteTag;
  summary: string;
  description: string;
  auth: A;
  /**
   * A role the token's `roles` claim must hold (`403 forbidden` otherwise), checked right
   * after the token and before freshness: only on `bearer` and `fresh` routes.
   */
  role?: A extends "bearer" | "fresh" ? string : never;
  body?: B;
  query?: Q;
  params?: P;
  /** Run after authentication, before the body is read: every attempt counts, valid or not. */
  throttle?: readonly RequestHandler[];
  /** Run after authentication and validation, before the handler (limits keyed on the input). */
  limits?: readonly RequestHandler[];
  responses: Readonly<Record<number, DocumentedResponse>>;
  handler: (input: RouteInput<A, B, Q, P>) => unknown;
}

/** A declared route, its types erased so routes of every shape fit in one list. */
export interface Route {
  method: HttpMethod;
  path: string;
  operationId: string;
  tag: RouteTag;
  summary: string;
  description: string;
  auth: AuthRequirement;
  role?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  throttle?: readonly RequestHandler[];
  limits?: readonly RequestHandler[];
  responses: Readonly<Record<number, DocumentedResponse>>;
  handler: (input: {
    req: Request;
    res: Response;
    body: unknown;
    query: unknown;
    params: unknown;
    user: Express.User | undefined;
  }) => unknown;
}

export function defineRoute<
  A extends AuthRequirement,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<A, B, Q, P>): Route {
  return spec as unknown as Route;
}

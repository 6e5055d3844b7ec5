import { apiPaths, type ErrorCode } from "@jwt-auth/shared";
import type { RequestSchemaName, ResponseSchemaName } from "./schemas.js";

/**
 * Every endpoint of the API with every status it can answer, the problem codes behind each
 * error status and the headers that matter. This table is the one source of the OpenAPI
 * document (build-document.ts) and of the tests that check real responses against it.
 */

export type HeaderName =
  "WwwAuthenticate" | "RetryAfter" | "SetRefreshCookie" | "ClearRefreshCookie" | "Allow";

export interface DocumentedResponse {
  description: string;
  /** A JSON body described by one of the response schemas. */
  body?: ResponseSchemaName;
  /** An `application/problem+json` body whose `code` is one of these. */
  problems?: readonly ErrorCode[];
  /** An HTML page (the interactive reference). */
  html?: true;
  headers?: readonly HeaderName[];
}

/** `optional-bearer`: a Bearer token is used when sent and valid, and never required. */
export type AuthRequirement = "none" | "bearer" | "optional-bearer" | "refresh-cookie";

export type HttpMethod = "get" | "post" | "patch";

export interface DocumentedOperation {
  method: HttpMethod;
  path: string;
  operationId: string;
  tag: "auth" | "user" | "meta";
  summary: string;
  description: string;
  auth: AuthRequirement;
  requestBody?: RequestSchemaName;
  responses: Readonly<Record<number, DocumentedResponse>>;
}

const invalidBody: Record<number, DocumentedResponse> = {
  400: {
    description:
      "The body is not well-formed JSON, or it fails the schema; `errors` maps each field to its messages.",
    problems: ["validation_failed", "malformed_json"],
  },
  413: { description: "The JSON body is larger than 100 kB.", problems: ["payload_too_large"] },
  415: {
    description: "The body is not `application/json` (UTF-8).",
    problems: ["unsupported_media_type"],
  },
};

const tokenProblems = ["token_missing", "token_invalid", "token_expired", "token_revoked"] as const;

const bearerRejected: DocumentedResponse = {
  description:
    "No access token, or one that is malformed, wrongly signed, expired, or whose session has ended. " +
    '`WWW-Authenticate` names the challenge; it carries `error="invalid_token"` when a token was sent.',
  problems: tokenProblems,
  headers: ["WwwAuthenticate"],
};

const rateLimited: DocumentedResponse = {
  description:
    "Too many attempts from this client (or, for login, against this account). Wait `Retry-After` seconds.",
  problems: ["rate_limited"],
  headers: ["RetryAfter"],
};

const crossSite: DocumentedResponse = {
  description:
    "The browser says the request came from a page of another origin (`Sec-Fetch-Site` or `Origin`).",
  problems: ["cross_site_request"],
};

const unavailable: DocumentedResponse = {
  description: "The database does not answer; try again after `Retry-After` seconds.",
  problems: ["service_unavailable"],
  headers: ["RetryAfter"],
};

export const operations: readonly DocumentedOperation[] = [
  {
    method: "post",
    path: apiPaths.register,
    operationId: "register",
    tag: "auth",
    summary: "Create an account and log in",
    description:
      "Creates the user (the email is stored trimmed, NFC-normalised and lower-cased) and starts a session: " +
      "the body carries the access token, the refresh token is set in an HttpOnly cookie.",
    auth: "none",
    requestBody: "RegisterRequest",
    responses: {
      201: {
        description: "Account created and logged in.",
        body: "AuthResponse",
        headers: ["SetRefreshCookie"],
      },
      ...invalidBody,
      409: { description: "An account with this email already exists.", problems: ["email_taken"] },
      429: rateLimited,
      503: unavailable,
    },
  },
  {
    method: "post",
    path: apiPaths.login,
    operationId: "login",
    tag: "auth",
    summary: "Log in with email and password (passport-local)",
    description:
      "Checks the credentials with passport-local and starts a session. An unknown email and a wrong password get " +
      "the same answer in the same time. Failed attempts are limited per account and per client address.",
    auth: "none",
    requestBody: "LoginRequest",
    responses: {
      200: { description: "Logged in.", body: "AuthResponse", headers: ["SetRefreshCookie"] },
      ...invalidBody,
      401: {
        description: "The email and password do not match an account.",
        problems: ["invalid_credentials"],
      },
      429: rateLimited,
      503: unavailable,
    },
  },
  {
    method: "post",
    path: apiPaths.refresh,
    operationId: "refresh",
    tag: "auth",
    summary: "Exchange the refresh cookie for a new access token",
    description:
      "Rotates the refresh token: the cookie is replaced and a new access token returned. Presenting the previous token " +
      "again within the reuse grace window returns the same new pair (two tabs refreshing at once); presenting it later " +
      "is treated as theft and ends the whole session, access tokens included.",
    auth: "refresh-cookie",
    responses: {
      200: {
        description: "A new access token; the cookie holds the rotated refresh token.",
        body: "AuthResponse",
        headers: ["SetRefreshCookie"],
      },
      401: {
        description:
          "The refresh token is missing, unknown, expired, revoked or reused. The cookie is cleared.",
        problems: ["invalid_refresh_token"],
        headers: ["ClearRefreshCookie"],
      },
      403: crossSite,
      429: rateLimited,
      503: unavailable,
    },
  },
  {
    method: "post",
    path: apiPaths.logout,
    operationId: "logout",
    tag: "auth",
    summary: "Log out of this session",
    description:
      "Ends the session of the refresh cookie (and of the Bearer token, if one is sent): its refresh tokens stop working " +
      "and its access tokens are rejected from now on. Succeeds for a client that is already logged out.",
    auth: "optional-bearer",
    responses: {
      204: { description: "Logged out; the cookie is cleared.", headers: ["ClearRefreshCookie"] },
      403: crossSite,
      503: unavailable,
    },
  },
  {
    method: "post",
    path: apiPaths.logoutAll,
    operationId: "logoutAll",
    tag: "auth",
    summary: "Log out of every device",
    description:
      "Ends every session of the user: all refresh tokens and all access tokens issued until now. A later login works.",
    auth: "bearer",
    responses: {
      204: {
        description: "Every session ended; the cookie is cleared.",
        headers: ["ClearRefreshCookie"],
      },
      401: bearerRejected,
      503: unavailable,
    },
  },
  {
    method: "get",
    path: apiPaths.profile,
    operationId: "getProfile",
    tag: "user",
    summary: "The profile of the logged-in user (passport-jwt)",
    description:
      "A protected route: the access token is verified by the passport-jwt strategy without a database read.",
    auth: "bearer",
    responses: {
      200: { description: "The user's profile.", body: "UserProfile" },
      401: bearerRejected,
      503: unavailable,
    },
  },
  {
    method: "patch",
    path: apiPaths.profile,
    operationId: "updateProfile",
    tag: "user",
    summary: "Change the display name",
    description:
      "Updates the name. Access tokens issued before keep the old name in their claims until they expire.",
    auth: "bearer",
    requestBody: "UpdateProfileRequest",
    responses: {
      200: { description: "The updated profile.", body: "UserProfile" },
      ...invalidBody,
      401: bearerRejected,
      503: unavailable,
    },
  },
  {
    method: "post",
    path: apiPaths.password,
    operationId: "changePassword",
    tag: "user",
    summary: "Change the password",
    description:
      "Checks the current password, stores the new one and ends every other session of the user; the session that made " +
      "the change stays logged in. Wrong current passwords count like failed logins.",
    auth: "bearer",
    requestBody: "ChangePasswordRequest",
    responses: {
      204: { description: "Password changed; every other session ended." },
      ...invalidBody,
      401: {
        description: `${bearerRejected.description} \`invalid_credentials\`: the current password is not correct.`,
        problems: [...tokenProblems, "invalid_credentials"],
        headers: ["WwwAuthenticate"],
      },
      429: rateLimited,
      503: unavailable,
    },
  },
  {
    method: "get",
    path: apiPaths.health,
    operationId: "health",
    tag: "meta",
    summary: "Liveness and readiness",
    description: "Answers 200 while the database answers within a second.",
    auth: "none",
    responses: {
      200: { description: "Ready.", body: "HealthResponse" },
      503: { description: "The database does not answer.", body: "HealthResponse" },
    },
  },
  {
    method: "get",
    path: apiPaths.jwks,
    operationId: "jwks",
    tag: "meta",
    summary: "Public verification keys (JWKS)",
    description:
      "With `JWT_ALGORITHM=ES256` or `RS256`, the public keys that verify access tokens, by `kid`, so other services can " +
      "verify them without any secret. With HS256 the secret both signs and verifies, so nothing is published.",
    auth: "none",
    responses: {
      200: { description: "The key set (RFC 7517).", body: "JsonWebKeySet" },
      404: {
        description: "The API signs with HS256: there are no public keys.",
        problems: ["not_found"],
      },
    },
  },
  {
    method: "get",
    path: apiPaths.openapi,
    operationId: "openapi",
    tag: "meta",
    summary: "This reference as an OpenAPI 3.1 document",
    description: "Generated from the zod schemas that validate the requests.",
    auth: "none",
    responses: {
      200: { description: "The OpenAPI document.", body: "OpenApiDocument" },
    },
  },
  {
    method: "get",
    path: apiPaths.docs,
    operationId: "docs",
    tag: "meta",
    summary: "Interactive API reference",
    description: "Swagger UI for the OpenAPI document, served from this origin (it works offline).",
    auth: "none",
    responses: {
      200: { description: "The reference page.", html: true },
    },
  },
];

/**
 * Answers that no single operation owns: a path nobody serves, a method a path does not
 * accept, and a failure nobody expected.
 */
export const genericResponses = {
  404: { description: "No such path.", problems: ["not_found"] },
  405: {
    description: "The path exists but does not accept this method; `Allow` lists the ones it does.",
    problems: ["method_not_allowed"],
    headers: ["Allow"],
  },
  500: {
    description: "An unexpected failure; nothing about it is disclosed.",
    problems: ["internal_error"],
  },
} as const satisfies Record<number, DocumentedResponse>;

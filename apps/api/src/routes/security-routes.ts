import {
  AccountExport,
  ActivityPage,
  ActivityQuery,
  apiPaths,
  AuthResponse,
  ReauthenticateRequest,
  SessionIdParams,
  SessionList,
} from "@jwt-auth/shared";
import type { RequestHandler } from "express";
import { requestContext } from "../http/request-context.js";
import { defineRoute, type Route } from "../http/route.js";
import { rateLimited, unavailable } from "../openapi/common-responses.js";
import type { SecurityService } from "../security/security-service.js";

export interface SecurityRouteDeps {
  security: SecurityService;
  /** Wrong passwords at step-up count like failed logins (per address, per session). */
  reauthAttempts: RequestHandler[];
}

/** The security page's API: sessions, activity, step-up, export and deletion. */
export function securityRoutes(deps: SecurityRouteDeps): Route[] {
  const { security } = deps;
  return [
    defineRoute({
      method: "get",
      path: apiPaths.sessions,
      operationId: "listSessions",
      tag: "user",
      summary: "Where the user is signed in",
      description:
        "The live sessions of the user, most recently used first: when each signed in and was last used, when it " +
        "expires, the address and user agent it came from, and the browser and OS parsed from it. The session of " +
        "the calling token is marked `current`.",
      auth: "bearer",
      responses: {
        200: { description: "The live sessions.", body: SessionList },
        503: unavailable,
      },
      handler: async ({ res, user }) => {
        res.json(await security.listSessions(user));
      },
    }),

    // Before `/sessions/{id}`: Express matches in declaration order, and "revoke-others" is not an id.
    defineRoute({
      method: "post",
      path: apiPaths.revokeOtherSessions,
      operationId: "revokeOtherSessions",
      tag: "user",
      summary: "End every other session",
      description:
        "Revokes every session of the user except the calling one, at once on every instance.",
      auth: "bearer",
      responses: { 204: { description: "Every other session was ended." }, 503: unavailable },
      handler: async ({ req, res, user }) => {
        await security.revokeOtherSessions(user, requestContext(req));
        res.status(204).end();
      },
    }),

    defineRoute({
      method: "delete",
      path: apiPaths.session,
      operationId: "revokeSession",
      tag: "user",
      summary: "End one session",
      description:
        "Revokes one live session of the user: its refresh token and its access tokens stop working at once, on " +
        "every instance. An id that is not a live session of this user (another user's included) is a 404.",
      auth: "bearer",
      params: SessionIdParams,
      responses: {
        204: { description: "The session was ended." },
        404: { description: "No live session of this user has that id.", problems: ["not_found"] },
        503: unavailable,
      },
      handler: async ({ req, res, params, user }) => {
        await security.revokeSession(user, params.id, requestContext(req));
        res.status(204).end();
      },
    }),

    defineRoute({
      method: "get",
      path: apiPaths.activity,
      operationId: "listActivity",
      tag: "user",
      summary: "The user's security log",
      description:
        "Sign-ins, failed attempts and account changes, newest first, with the address and user agent of each. " +
        "Pass a page's `next` as `before` for the one after it; `next` is null on the last page.",
      auth: "bearer",
      query: ActivityQuery,
      responses: {
        200: { description: "One page of events.", body: ActivityPage },
        503: unavailable,
      },
      handler: async ({ res, query, user }) => {
        res.json(await security.activity(user, query));
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.reauthenticate,
      operationId: "reauthenticate",
      tag: "auth",
      summary: "Prove a credential again (step-up)",
      description:
        "Checks the password (or a TOTP or backup code when a second factor is on) and answers a new access token " +
        "of the same session with a fresh `auth_time`, for the routes that need a recent sign-in (RFC 9470). " +
        "Wrong attempts are rate limited like failed logins.",
      auth: "bearer",
      body: ReauthenticateRequest,
      limits: deps.reauthAttempts,
      responses: {
        200: { description: "A new access token with a fresh `auth_time`.", body: AuthResponse },
        401: {
          description:
            "`invalid_credentials` (wrong password, or a passkey not of this account), `invalid_mfa_code` " +
            "(wrong code), or `mfa_required` (a password alone while TOTP is on: send a code or a passkey).",
          problems: ["invalid_credentials", "invalid_mfa_code", "mfa_required"],
        },
        429: rateLimited,
        503: unavailable,
      },
      handler: async ({ req, res, body, user }) => {
        res.json(await security.reauthenticate(user, body, requestContext(req)));
      },
    }),

    defineRoute({
      method: "get",
      path: apiPaths.exportData,
      operationId: "exportAccount",
      tag: "user",
      summary: "Download everything stored about the user",
      description:
        "The profile, sessions and activity (and, when those features are on, the second-factor status, passkeys " +
        "and linked identities) as a JSON attachment. Password and token hashes, secrets and keys are never in it. " +
        "Needs a recent sign-in.",
      auth: "fresh",
      responses: {
        200: {
          description: "The export, as a file to save.",
          body: AccountExport,
          headers: ["ContentDisposition"],
        },
        503: unavailable,
      },
      handler: async ({ res, user }) => {
        const exported = await security.exportAccount(user);
        res.attachment(`account-export-${exported.exportedAt.slice(0, 10)}.json`);
        res.json(exported);
      },
    }),

    defineRoute({
      method: "delete",
      path: apiPaths.account,
      operationId: "deleteAccount",
      tag: "user",
      summary: "Delete the account",
      description:
        "Deletes the account and everything attached to it (sessions, tokens, activity, factors, identities, " +
        "pending links and mail), rejects every token of it at once on every instance and sends a goodbye notice. " +
        "The email can register again. Needs a recent sign-in. The last administrator stays until another is named.",
      auth: "fresh",
      responses: {
        204: { description: "The account is gone." },
        409: {
          description: "`last_admin`: this is the last administrator; name another one first.",
          problems: ["last_admin"],
        },
        503: unavailable,
      },
      handler: async ({ res, user }) => {
        await security.deleteAccount(user);
        res.status(204).end();
      },
    }),
  ];
}

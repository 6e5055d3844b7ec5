import {
  AdminUser,
  AdminUserDetail,
  AdminUserList,
  AdminUserParams,
  AdminUsersQuery,
  apiPaths,
  AuditPage,
  AuditQuery,
  LockRequest,
  RolesRequest,
} from "@jwt-auth/shared";
import type { Request } from "express";
import type { Actor, AdminService } from "../admin/admin-service.js";
import { requestContext } from "../http/request-context.js";
import { defineRoute, type DocumentedResponse, type Route } from "../http/route.js";
import { unavailable } from "../openapi/common-responses.js";

export interface AdminRouteDeps {
  admin: AdminService;
}

const noSuchUser: DocumentedResponse = {
  description: "No user has that id.",
  problems: ["not_found"],
};

const lastAdmin: DocumentedResponse = {
  description: "`last_admin`: this is the last administrator; name another one first.",
  problems: ["last_admin"],
};

/** The administrator behind a request, as the audit log names them. */
function actorOf(req: Request, user: Express.User): Actor {
  return { id: user.id, email: user.email, context: requestContext(req) };
}

/**
 * The administration API. Every route needs a token whose `roles` hold `admin` (403
 * `forbidden` otherwise); every change is also fresh (RFC 9470 step-up) and is written to
 * the audit log with the administrator, the target, the time and the address.
 */
export function adminRoutes(deps: AdminRouteDeps): Route[] {
  const { admin } = deps;
  return [
    defineRoute({
      method: "get",
      path: apiPaths.adminUsers,
      operationId: "adminListUsers",
      tag: "admin",
      summary: "Find users",
      description:
        "Users newest first; with `query`, those whose email or name contains it (any case). Pass a page's " +
        "`next` as `before` for the one after it; `next` is null on the last page.",
      auth: "bearer",
      role: "admin",
      query: AdminUsersQuery,
      responses: {
        200: { description: "One page of users.", body: AdminUserList },
        503: unavailable,
      },
      handler: async ({ res, query }) => {
        res.json(await admin.listUsers(query));
      },
    }),

    defineRoute({
      method: "get",
      path: apiPaths.adminAudit,
      operationId: "adminAuditLog",
      tag: "admin",
      summary: "The audit log",
      description:
        "Every administrator's action, newest first: who did what to whom, when and from where. Kept for " +
        "`AUDIT_RETENTION`. Paged like the activity log.",
      auth: "bearer",
      role: "admin",
      query: AuditQuery,
      responses: {
        200: { description: "One page of the log.", body: AuditPage },
        503: unavailable,
      },
      handler: async ({ res, query }) => {
        res.json(await admin.audit(query));
      },
    }),

    defineRoute({
      method: "get",
      path: apiPaths.adminUser,
      operationId: "adminGetUser",
      tag: "admin",
      summary: "A user's page",
      description:
        "The user with their live sessions (as their own list shows them) and their latest 20 activity events.",
      auth: "bearer",
      role: "admin",
      params: AdminUserParams,
      responses: {
        200: { description: "The user.", body: AdminUserDetail },
        404: noSuchUser,
        503: unavailable,
      },
      handler: async ({ res, params }) => {
        res.json(await admin.userDetail(params.id));
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.adminLock,
      operationId: "adminLockUser",
      tag: "admin",
      summary: "Lock an account",
      description:
        "Every session of the user ends at once on every instance, and every way in (password, passkey, " +
        "provider, refresh, the second step) answers `403 account_locked` with `reason` and `until` until " +
        "the lock is lifted or `until` passes. Nobody locks themselves.",
      auth: "fresh",
      role: "admin",
      params: AdminUserParams,
      body: LockRequest,
      responses: {
        204: { description: "The account is locked." },
        404: noSuchUser,
        409: {
          description: "`cannot_lock_self`: administrators cannot lock their own account.",
          problems: ["cannot_lock_self"],
        },
        503: unavailable,
      },
      handler: async ({ req, res, params, body, user }) => {
        await admin.lock(actorOf(req, user), params.id, body);
        res.status(204).end();
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.adminUnlock,
      operationId: "adminUnlockUser",
      tag: "admin",
      summary: "Lift a lock",
      description:
        "The user may sign in again. Unlocking an account that is not locked changes nothing.",
      auth: "fresh",
      role: "admin",
      params: AdminUserParams,
      responses: {
        204: { description: "The account is not locked." },
        404: noSuchUser,
        503: unavailable,
      },
      handler: async ({ req, res, params, user }) => {
        await admin.unlock(actorOf(req, user), params.id);
        res.status(204).end();
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.adminRevokeSessions,
      operationId: "adminRevokeSessions",
      tag: "admin",
      summary: "Sign the user out everywhere",
      description:
        "Every session of the user ends at once on every instance; they may sign in again.",
      auth: "fresh",
      role: "admin",
      params: AdminUserParams,
      responses: {
        204: { description: "Every session of the user ended." },
        404: noSuchUser,
        503: unavailable,
      },
      handler: async ({ req, res, params, user }) => {
        await admin.revokeSessions(actorOf(req, user), params.id);
        res.status(204).end();
      },
    }),

    defineRoute({
      method: "delete",
      path: apiPaths.adminMfa,
      operationId: "adminResetMfa",
      tag: "admin",
      summary: "Reset two-factor authentication",
      description:
        "Support recovery for a user who lost their authenticator and backup codes: TOTP and the backup codes " +
        "are removed, the user is told by mail and every session ends. They sign in with the password alone.",
      auth: "fresh",
      role: "admin",
      params: AdminUserParams,
      responses: {
        204: { description: "Two-factor authentication is off." },
        404: noSuchUser,
        409: { description: "Two-factor authentication is not on.", problems: ["mfa_not_enabled"] },
        503: unavailable,
      },
      handler: async ({ req, res, params, user }) => {
        await admin.resetMfa(actorOf(req, user), params.id);
        res.status(204).end();
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.adminPasswordReset,
      operationId: "adminSendPasswordReset",
      tag: "admin",
      summary: "Mail a password reset link",
      description: 'The user gets the same link their own "forgot password" request would send.',
      auth: "fresh",
      role: "admin",
      params: AdminUserParams,
      responses: {
        202: { description: "The link is on its way." },
        404: noSuchUser,
        503: unavailable,
      },
      handler: async ({ req, res, params, user }) => {
        await admin.sendPasswordReset(actorOf(req, user), params.id);
        res.status(202).end();
      },
    }),

    defineRoute({
      method: "put",
      path: apiPaths.adminRoles,
      operationId: "adminSetRoles",
      tag: "admin",
      summary: "Set a user's roles",
      description:
        "`user` is always kept. A role given takes effect at the user's next refresh; a role taken away takes " +
        "effect at once (their access tokens that claim it are refused on every instance), ending no session.",
      auth: "fresh",
      role: "admin",
      params: AdminUserParams,
      body: RolesRequest,
      responses: {
        200: { description: "The user with their roles now.", body: AdminUser },
        404: noSuchUser,
        409: lastAdmin,
        503: unavailable,
      },
      handler: async ({ req, res, params, body, user }) => {
        res.json(await admin.setRoles(actorOf(req, user), params.id, body.roles));
      },
    }),

    defineRoute({
      method: "delete",
      path: apiPaths.adminUser,
      operationId: "adminDeleteUser",
      tag: "admin",
      summary: "Delete a user",
      description:
        "As the user's own deletion: everything stored about them goes, and they are told by mail.",
      auth: "fresh",
      role: "admin",
      params: AdminUserParams,
      responses: {
        204: { description: "The user is deleted." },
        404: noSuchUser,
        409: lastAdmin,
        503: unavailable,
      },
      handler: async ({ req, res, params, user }) => {
        await admin.deleteUser(actorOf(req, user), params.id);
        res.status(204).end();
      },
    }),
  ];
}

import {
  apiPaths,
  PasswordUpdateRequest,
  UpdateProfileRequest,
  UserProfile,
} from "@jwt-auth/shared";
import type { RequestHandler } from "express";
import { requestContext } from "../http/request-context.js";
import { defineRoute, type Route } from "../http/route.js";
import { rateLimited, unavailable } from "../openapi/common-responses.js";
import type { UserService } from "../users/user-service.js";

export interface UserRouteDeps {
  users: UserService;
  /** Count wrong current passwords like failed logins (per address, per session), so a stolen token cannot guess. */
  passwordAttempts: RequestHandler[];
  /** Throws 401 `reauthentication_required` unless the token's sign-in is recent. */
  assertFresh: (user: Express.User) => void;
}

export function userRoutes(deps: UserRouteDeps): Route[] {
  return [
    defineRoute({
      method: "get",
      path: apiPaths.profile,
      operationId: "getProfile",
      tag: "user",
      summary: "The profile of the logged-in user (passport-jwt)",
      description:
        "A protected route: the access token is verified by the passport-jwt strategy without a database read; " +
        "the profile itself is read by the user's id.",
      auth: "bearer",
      responses: {
        200: { description: "The user's profile.", body: UserProfile },
        503: unavailable,
      },
      // The token already proved who this is; the read fetches what the token does not carry.
      handler: async ({ res, user }) => {
        res.json(await deps.users.profile(user.id));
      },
    }),

    defineRoute({
      method: "patch",
      path: apiPaths.profile,
      operationId: "updateProfile",
      tag: "user",
      summary: "Change the display name",
      description:
        "Updates the name. Access tokens issued before keep the old name in their claims until they expire.",
      auth: "bearer",
      body: UpdateProfileRequest,
      responses: {
        200: { description: "The updated profile.", body: UserProfile },
        503: unavailable,
      },
      handler: async ({ res, body, user }) => {
        res.json(await deps.users.rename(user.id, body.name));
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.password,
      operationId: "changePassword",
      tag: "user",
      summary: "Change the password, or set the first one",
      description:
        "Checks the current password, stores the new one, queues the notice and ends every other session of the user; " +
        "the session that made the change stays logged in. Wrong current passwords count like failed logins. " +
        "An account created through a provider has no password (`hasPassword: false`): it sends `newPassword` alone, " +
        "and its sign-in must be recent (`reauthentication_required` otherwise).",
      auth: "bearer",
      body: PasswordUpdateRequest,
      limits: deps.passwordAttempts,
      responses: {
        204: { description: "Password changed; every other session ended." },
        401: {
          description:
            "`invalid_credentials`: the current password is not correct. `reauthentication_required`: " +
            "a first password needs a recent sign-in.",
          problems: ["invalid_credentials", "reauthentication_required"],
          headers: ["WwwAuthenticate"],
        },
        429: rateLimited,
        503: unavailable,
      },
      handler: async ({ req, res, body, user }) => {
        await deps.users.changePassword(
          user.id,
          user.sid,
          body,
          () => deps.assertFresh(user),
          requestContext(req),
        );
        res.status(204).end();
      },
    }),
  ];
}

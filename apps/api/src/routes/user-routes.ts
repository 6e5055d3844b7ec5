import { apiPaths, ChangePasswordRequest, UpdateProfileRequest } from "@jwt-auth/shared";
import { Router, type RequestHandler } from "express";
import type { PasswordHasher } from "../auth/password-hasher.js";
import { AppError } from "../http/app-error.js";
import { jsonBody } from "../http/json-body.js";
import { methodNotAllowed } from "../http/method-not-allowed.js";
import { parseBody } from "../http/parse-body.js";
import type { SessionService } from "../sessions/session-service.js";
import type { UserStore } from "../store/user-store.js";
import { toUserProfile } from "../users/user-profile.js";

export interface UserRouteDeps {
  users: UserStore;
  sessions: SessionService;
  hasher: PasswordHasher;
  requireAuth: RequestHandler;
  /** Count wrong current passwords like failed logins (per address, per session), so a stolen token cannot guess. */
  passwordAttempts: RequestHandler[];
  now: () => number;
}

const userGone = () =>
  new AppError(401, "token_invalid", {
    headers: { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' },
  });

export function userRoutes(deps: UserRouteDeps): Router {
  const router = Router();

  router
    .route(apiPaths.profile)
    .get(deps.requireAuth, async (req, res) => {
      // The token already proved who this is; the read fetches what the token does not carry.
      const user = await deps.users.findById(req.user!.id);
      if (!user) throw userGone();
      res.json(toUserProfile(user));
    })
    .patch(deps.requireAuth, jsonBody, async (req, res) => {
      const { name } = parseBody(UpdateProfileRequest, req);
      const user = await deps.users.updateName(req.user!.id, name, deps.now());
      if (!user) throw userGone();
      res.json(toUserProfile(user));
    })
    .all(methodNotAllowed("GET", "PATCH"));

  router
    .route(apiPaths.password)
    .post(deps.requireAuth, jsonBody, ...deps.passwordAttempts, async (req, res) => {
      const input = parseBody(ChangePasswordRequest, req);
      const user = await deps.users.findById(req.user!.id);
      if (!user) throw userGone();
      if (!(await deps.hasher.verify(user.password_hash, input.currentPassword))) {
        throw new AppError(401, "invalid_credentials", {
          detail: "The current password is not correct",
        });
      }
      await deps.users.updatePasswordHash(
        user.id,
        await deps.hasher.hash(input.newPassword),
        deps.now(),
      );
      // Every other session ends; the one that made the change stays logged in.
      await deps.sessions.endAllOf(user.id, "password_change", req.user!.sid);
      res.status(204).end();
    })
    .all(methodNotAllowed("POST"));

  return router;
}

import { apiPaths, LoginRequest, RegisterRequest } from "@jwt-auth/shared";
import { Router, type Request, type Response } from "express";
import type { Authenticator } from "../auth/require-auth.js";
import type { PasswordHasher } from "../auth/password-hasher.js";
import { AppError } from "../http/app-error.js";
import { jsonBody } from "../http/json-body.js";
import { methodNotAllowed } from "../http/method-not-allowed.js";
import { parseBody } from "../http/parse-body.js";
import type { RateLimiters } from "../http/rate-limits.js";
import {
  clearRefreshCookie,
  readRefreshCookie,
  setRefreshCookie,
} from "../sessions/refresh-cookie.js";
import type { IssuedSession, SessionService } from "../sessions/session-service.js";
import { EmailTakenError, type UserRow, type UserStore } from "../store/user-store.js";
import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";

export interface AuthRouteDeps {
  passport: Authenticator;
  users: UserStore;
  sessions: SessionService;
  hasher: PasswordHasher;
  limits: RateLimiters;
  requireAuth: RequestHandler;
  optionalAuth: RequestHandler;
  secureCookies: boolean;
  now: () => number;
}

export function authRoutes(deps: AuthRouteDeps): Router {
  const router = Router();
  const send = (res: Response, status: number, issued: IssuedSession) => {
    setRefreshCookie(
      res,
      issued.refreshToken,
      issued.refreshExpiresAt,
      deps.secureCookies,
      deps.now(),
    );
    res.status(status).json(issued.auth);
  };

  router
    .route(apiPaths.register)
    .post(jsonBody, deps.limits.register, async (req, res) => {
      const input = parseBody(RegisterRequest, req);
      // Hash before looking at the email: a taken address costs the same time as a free one.
      const passwordHash = await deps.hasher.hash(input.password);
      let user: UserRow;
      try {
        user = await deps.users.insert({
          id: randomUUID(),
          email: input.email,
          name: input.name,
          passwordHash,
          now: deps.now(),
        });
      } catch (err) {
        if (err instanceof EmailTakenError) throw new AppError(409, "email_taken");
        throw err;
      }
      send(res, 201, await deps.sessions.start(user, req.headers["user-agent"]));
    })
    .all(methodNotAllowed("POST"));

  router
    .route(apiPaths.login)
    .post(
      jsonBody,
      (req, _res, next) => {
        req.body = parseBody(LoginRequest, req);
        next();
      },
      deps.limits.loginByIp,
      (req, res, next) => {
        // The refresh cookie reaches every /api/auth route; when it is a live session of the
        // account being logged in to, the per-account limit counts this device apart.
        const { email } = req.body as { email: string };
        deps.sessions.liveSessionOf(readRefreshCookie(req), email).then((sessionId) => {
          if (sessionId) res.locals.trustedSessionId = sessionId;
          next();
        }, next);
      },
      deps.limits.loginByAccount,
      (req, res, next) => {
        deps.passport.authenticate(
          "local",
          { session: false },
          (err: unknown, user: UserRow | false) => {
            if (err) return next(err);
            if (!user) return next(new AppError(401, "invalid_credentials"));
            deps.sessions
              .start(user, req.headers["user-agent"])
              .then((issued) => send(res, 200, issued), next);
          },
        )(req, res, next);
      },
    )
    .all(methodNotAllowed("POST"));

  router
    .route(apiPaths.refresh)
    .post(deps.limits.refresh, async (req, res) => {
      try {
        send(res, 200, await deps.sessions.refresh(readRefreshCookie(req)));
      } catch (err) {
        if (err instanceof AppError && err.code === "invalid_refresh_token")
          clearRefreshCookie(res, deps.secureCookies);
        throw err;
      }
    })
    .all(methodNotAllowed("POST"));

  router
    .route(apiPaths.logout)
    .post(deps.optionalAuth, async (req: Request, res) => {
      await deps.sessions.logout(readRefreshCookie(req), req.user?.sid);
      clearRefreshCookie(res, deps.secureCookies);
      res.status(204).end();
    })
    .all(methodNotAllowed("POST"));

  router
    .route(apiPaths.logoutAll)
    .post(deps.requireAuth, async (req, res) => {
      await deps.sessions.endAllOf(req.user!.id, "logout_all");
      clearRefreshCookie(res, deps.secureCookies);
      res.status(204).end();
    })
    .all(methodNotAllowed("POST"));

  return router;
}

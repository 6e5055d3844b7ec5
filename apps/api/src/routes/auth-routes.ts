import {
  apiPaths,
  AuthResponse,
  LoginRequest,
  LoginResponse,
  RegisterRequest,
} from "@jwt-auth/shared";
import type { RequestHandler, Response } from "express";
import { SlotsBusyError } from "../auth/argon2-slots.js";
import type { LoginFailure } from "../auth/local-strategy.js";
import type { SignIn } from "../sessions/sign-in.js";
import type { CredentialEvents } from "../credentials/credential-events.js";
import type { Authenticator } from "../auth/require-auth.js";
import { AppError } from "../http/app-error.js";
import type { RateLimiters } from "../http/rate-limits.js";
import type { Metrics } from "../metrics/metrics.js";
import { requestContext, type RequestContext } from "../http/request-context.js";
import { defineRoute, type Route } from "../http/route.js";
import { accountLocked, rateLimited, unavailable } from "../openapi/common-responses.js";
import {
  clearRefreshCookie,
  readRefreshCookie,
  setRefreshCookie,
} from "../sessions/refresh-cookie.js";
import type { IssuedSession, SessionService } from "../sessions/session-service.js";
import type { Account } from "../store/user-store.js";
import type { UserService } from "../users/user-service.js";

export interface AuthRouteDeps {
  passport: Authenticator;
  users: UserService;
  sessions: SessionService;
  limits: RateLimiters;
  /** Turns a request away with a 503 before its body is read when hashing is full. */
  shedWhenBusy: RequestHandler;
  secureCookies: boolean;
  now: () => number;
  /** The one way in (auth/sign-in.ts): lock, second-factor policy, session. */
  signIn: SignIn;
  credentials: CredentialEvents;
  /** Records a wrong password for an existing account in its owner's activity log. */
  onLoginFailed?: (userId: string, context: RequestContext) => Promise<void>;
  metrics?: Pick<Metrics, "login">;
}

/** Starts a session in the response: the access token in the body, the refresh token in its cookie. */
export function sendSession(
  res: Response,
  status: number,
  issued: IssuedSession,
  secureCookies: boolean,
  now: number,
): void {
  setRefreshCookie(res, issued.refreshToken, issued.refreshExpiresAt, secureCookies, now);
  res.status(status).json(issued.auth);
}

export function authRoutes(deps: AuthRouteDeps): Route[] {
  const send = (res: Response, status: number, issued: IssuedSession) =>
    sendSession(res, status, issued, deps.secureCookies, deps.now());

  // The refresh cookie reaches every /api/auth route; when it is a live session of the
  // account being logged in to, the per-account limit counts this device apart.
  const recognizeDevice: RequestHandler = (req, res, next) => {
    const { email } = req.body as { email: string };
    deps.sessions.liveSessionOf(readRefreshCookie(req), email).then((sessionId) => {
      if (sessionId) res.locals.trustedSessionId = sessionId;
      next();
    }, next);
  };

  // The login's own shedding, counted: a shed registration is not a login.
  const shedLogin: RequestHandler = (req, res, next) =>
    deps.shedWhenBusy(req, res, (err?: unknown) => {
      if (err) deps.metrics?.login("password", "shed");
      next(err);
    });

  return [
    defineRoute({
      method: "post",
      path: apiPaths.register,
      operationId: "register",
      tag: "auth",
      summary: "Create an account and log in",
      description:
        "Creates the user (the email is stored trimmed, NFC-normalised and lower-cased) and starts a session: " +
        "the body carries the access token, the refresh token is set in an HttpOnly cookie.",
      auth: "none",
      body: RegisterRequest,
      throttle: [deps.shedWhenBusy, deps.limits.register],
      responses: {
        201: {
          description: "Account created and logged in.",
          body: AuthResponse,
          headers: ["SetRefreshCookie"],
        },
        409: {
          description: "An account with this email already exists.",
          problems: ["email_taken"],
        },
        429: rateLimited,
        503: unavailable,
      },
      handler: async ({ req, res, body }) => {
        send(res, 201, await deps.users.register(body, requestContext(req)));
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.login,
      operationId: "login",
      tag: "auth",
      summary: "Log in with email and password (passport-local)",
      description:
        "Checks the credentials with passport-local and starts a session. An unknown email and a wrong password get " +
        "the same answer in the same time. Failed attempts are limited per account and per client address.",
      auth: "none",
      throttle: [shedLogin],
      body: LoginRequest,
      limits: [deps.limits.loginByIp, recognizeDevice, deps.limits.loginByAccount],
      responses: {
        200: {
          description:
            "Logged in; or, when the account has TOTP on, `{ mfaRequired, mfaToken }` with no session yet: " +
            "finish with `POST /api/auth/login/mfa`.",
          body: LoginResponse,
          headers: ["SetRefreshCookie"],
        },
        401: {
          description: "The email and password do not match an account.",
          problems: ["invalid_credentials"],
        },
        403: accountLocked,
        429: rateLimited,
        503: unavailable,
      },
      handler: ({ req, res }) =>
        new Promise<void>((resolve, reject) => {
          deps.passport.authenticate(
            "local",
            { session: false },
            (err: unknown, user: Account | false, failure: LoginFailure | undefined) => {
              if (err) {
                if (err instanceof SlotsBusyError) deps.metrics?.login("password", "shed");
                return reject(err);
              }
              if (!user) {
                deps.metrics?.login("password", "failure");
                const refuse = () => reject(AppError.of("invalid_credentials"));
                if (!failure || !deps.onLoginFailed) return refuse();
                return void deps
                  .onLoginFailed(failure.userId, requestContext(req))
                  .then(refuse, reject);
              }
              deps
                .signIn(user, { method: "password", amr: ["pwd"], context: requestContext(req) })
                .then((outcome) => {
                  if (outcome.kind === "second_factor") res.status(200).json(outcome.challenge);
                  else send(res, 200, outcome.issued);
                })
                .then(resolve, reject);
            },
          )(req, res, reject);
        }),
    }),

    defineRoute({
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
      throttle: [deps.limits.refresh],
      responses: {
        200: {
          description: "A new access token; the cookie holds the rotated refresh token.",
          body: AuthResponse,
          headers: ["SetRefreshCookie"],
        },
        401: {
          description:
            "The refresh token is missing, unknown, expired, revoked or reused. The cookie is cleared.",
          problems: ["invalid_refresh_token"],
          headers: ["ClearRefreshCookie"],
        },
        403: { ...accountLocked, headers: ["ClearRefreshCookie"] },
        429: rateLimited,
        503: unavailable,
      },
      handler: async ({ req, res }) => {
        try {
          send(res, 200, await deps.sessions.refresh(readRefreshCookie(req), requestContext(req)));
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          // The session is over either way: a lock ended it with the others.
          if (code === "invalid_refresh_token" || code === "account_locked")
            clearRefreshCookie(res, deps.secureCookies);
          throw err;
        }
      },
    }),

    defineRoute({
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
        503: unavailable,
      },
      handler: async ({ req, res, user }) => {
        await deps.sessions.logout(readRefreshCookie(req), user?.sid);
        clearRefreshCookie(res, deps.secureCookies);
        res.status(204).end();
      },
    }),

    defineRoute({
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
        503: unavailable,
      },
      handler: async ({ req, res, user }) => {
        await deps.credentials.commit("logout_all", {
          userId: user.id,
          context: requestContext(req),
        });
        clearRefreshCookie(res, deps.secureCookies);
        res.status(204).end();
      },
    }),
  ];
}

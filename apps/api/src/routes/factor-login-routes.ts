import {
  apiPaths,
  AuthResponse,
  MfaLoginRequest,
  PasskeyLoginOptions,
  PasskeyLoginRequest,
} from "@jwt-auth/shared";
import type { Request, RequestHandler, Response } from "express";
import type { FactorLogin } from "../auth/async-strategy.js";
import type { Authenticator } from "../auth/require-auth.js";
import { DomainError } from "../errors/domain-error.js";
import { requestContext } from "../http/request-context.js";
import type { Metrics } from "../metrics/metrics.js";
import { defineRoute, type Route } from "../http/route.js";
import { accountLocked, rateLimited, unavailable } from "../openapi/common-responses.js";
import type { PasskeyLogin } from "../passkeys/passkey-login.js";
import type { SignIn, SignInMethod } from "../sessions/sign-in.js";
import type { UserStore } from "../store/user-store.js";
import { sendSession } from "./auth-routes.js";

/** The strategy's failure (see AsyncStrategy) as the problem it stands for. */
function refused(info: unknown): DomainError {
  const code = (info as { code?: unknown } | undefined)?.code;
  return new DomainError(
    code === "invalid_mfa_token" || code === "invalid_mfa_code" ? code : "invalid_credentials",
  );
}

export interface FactorLoginRouteDeps {
  passport: Authenticator;
  users: UserStore;
  signIn: SignIn;
  passkeyLogin: PasskeyLogin;
  limits: {
    /** Wrong codes, per client address and per account (the user of the mfaToken). */
    mfa: RequestHandler[];
    passkeyOptions: RequestHandler[];
    /** Failed passkey logins per client address. */
    passkey: RequestHandler[];
  };
  secureCookies: boolean;
  now: () => number;
  metrics?: Pick<Metrics, "login">;
}

/**
 * Logins through the two strategies of this app's own: the mfaToken and a code after the
 * password, or a passkey instead of it. Both end as a password login does: a session.
 */
export function factorLoginRoutes(deps: FactorLoginRouteDeps): Route[] {
  const authenticate = (strategy: "mfa" | "passkey", req: Request, res: Response) =>
    new Promise<void>((resolve, reject) => {
      deps.passport.authenticate(
        strategy,
        { session: false },
        (err: unknown, login: FactorLogin | false, info: unknown) => {
          if (err) return reject(err);
          if (!login) {
            deps.metrics?.login(strategy, "failure");
            return reject(refused(info));
          }
          startSession(strategy === "mfa" ? "mfa" : "passkey", login, req, res).then(
            resolve,
            reject,
          );
        },
      )(req, res, reject);
    });

  // Both end in the one way in: the lock, then the session (no second step after either).
  const startSession = async (
    method: SignInMethod,
    login: FactorLogin,
    req: Request,
    res: Response,
  ) => {
    const user = await deps.users.findById(login.userId);
    if (!user) throw new DomainError("invalid_credentials");
    const outcome = await deps.signIn(user, {
      method,
      amr: login.amr,
      context: requestContext(req),
    });
    if (outcome.kind !== "session") throw new DomainError("invalid_credentials");
    sendSession(res, 200, outcome.issued, deps.secureCookies, deps.now());
  };

  return [
    defineRoute({
      method: "post",
      path: apiPaths.loginMfa,
      operationId: "loginWithSecondFactor",
      tag: "auth",
      summary: "Finish a login with a TOTP or backup code (the mfa strategy)",
      description:
        "The second step when the account has TOTP on: the `mfaToken` from `POST /api/auth/login` and a code from the " +
        "authenticator app (30 s steps, one step of drift, each accepted once) or a backup code (once ever). The " +
        "`mfaToken` lives 5 minutes, is single use and dies after 5 wrong codes. Starts a session.",
      auth: "none",
      body: MfaLoginRequest,
      limits: deps.limits.mfa,
      responses: {
        200: { description: "Logged in.", body: AuthResponse, headers: ["SetRefreshCookie"] },
        401: {
          description:
            "`invalid_mfa_code`: the code is wrong or already used. `invalid_mfa_token`: the mfaToken is unknown, " +
            "expired, used, or out of attempts; log in with the password again.",
          problems: ["invalid_mfa_code", "invalid_mfa_token"],
        },
        403: accountLocked,
        429: rateLimited,
        503: unavailable,
      },
      handler: ({ req, res }) => authenticate("mfa", req, res),
    }),

    defineRoute({
      method: "post",
      path: apiPaths.passkeyLoginOptions,
      operationId: "passkeyLoginOptions",
      tag: "auth",
      summary: "Start a passkey login",
      description:
        "WebAuthn `PublicKeyCredentialRequestOptionsJSON` with an empty `allowCredentials` (the authenticator offers " +
        "its discoverable credentials for this site) and user verification required, with the id of its stored " +
        "challenge (single use, 5 minutes).",
      auth: "none",
      limits: deps.limits.passkeyOptions,
      responses: {
        200: { description: "The request options.", body: PasskeyLoginOptions },
        429: rateLimited,
        503: unavailable,
      },
      handler: async ({ res }) => {
        res.json(await deps.passkeyLogin.options());
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.passkeyLogin,
      operationId: "loginWithPasskey",
      tag: "auth",
      summary: "Log in with a passkey (the passkey strategy)",
      description:
        "Verifies the assertion (challenge, origin, RP ID, user verification, signature counter) and starts a session " +
        "with `amr` `hwk` and `user`. No TOTP step follows: a passkey is already two factors.",
      auth: "none",
      body: PasskeyLoginRequest,
      limits: deps.limits.passkey,
      responses: {
        200: { description: "Logged in.", body: AuthResponse, headers: ["SetRefreshCookie"] },
        401: {
          description: "The passkey or its assertion is not valid here.",
          problems: ["invalid_credentials"],
        },
        403: accountLocked,
        429: rateLimited,
        503: unavailable,
      },
      handler: ({ req, res }) => authenticate("passkey", req, res),
    }),
  ];
}

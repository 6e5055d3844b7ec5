import type { Request, Response } from "express";
import type { Authenticator } from "../auth/require-auth.js";
import type { Strategy } from "passport";
import type { OidcStrategy } from "./oidc-strategy.js";

export type StrategyOutcome =
  | { kind: "redirected" }
  | { kind: "error"; error: unknown }
  | { kind: "failed"; info: unknown }
  | { kind: "success"; user: Express.User };

/**
 * Runs the OIDC strategy through `passport.authenticate` and says how it ended. The flow's
 * state lives in the flow cookie, not in a server session: `req.session` here is a plain
 * object standing in for one request, read from the cookie before and written back after.
 *
 * Passport is handed a copy of the strategy made for this request (`Object.create`, as it
 * does itself for a strategy registered by name): given the app's one instance, it would
 * set this request's `redirect`, `success`, `fail` and `error` on that shared object, and a
 * second login starting while the first awaits its PKCE challenge would take them over,
 * sending the first login's redirect on the second browser's response.
 */
export function runStrategy(
  passport: Authenticator,
  strategy: OidcStrategy,
  req: Request,
  res: Response,
): Promise<StrategyOutcome> {
  return new Promise((resolve) => {
    // A redirect to the provider ends the response without calling the callback below.
    res.once("finish", () => resolve({ kind: "redirected" }));
    passport.authenticate(
      Object.create(strategy) as Strategy,
      { session: false },
      (error: unknown, user: Express.User | false | undefined, info: unknown) => {
        if (error) resolve({ kind: "error", error });
        else if (!user) resolve({ kind: "failed", info });
        else resolve({ kind: "success", user });
      },
    )(req, res, (error: unknown) => resolve({ kind: "error", error }));
  });
}

import type { MfaLoginRequest } from "@jwt-auth/shared";
import { requestContext, type RequestContext } from "../http/request-context.js";
import { AsyncStrategy, type FactorLogin } from "./async-strategy.js";

/**
 * The second step of a login with TOTP on: the `mfaToken` from the password step and a
 * code from the authenticator app (or a backup code). Its own strategy beside
 * passport-local: nothing here accepts a password, an access token or a refresh token.
 * `complete` is the MFA service's check (mfa/mfa-login.ts).
 */
export function createMfaStrategy(
  complete: (mfaToken: unknown, code: string, ctx: RequestContext) => Promise<FactorLogin>,
): AsyncStrategy {
  return new AsyncStrategy("mfa", (req) => {
    const { mfaToken, code } = req.body as MfaLoginRequest;
    return complete(mfaToken, code, requestContext(req));
  });
}

import type { MfaLoginRequest } from "@jwt-auth/shared";
import { requestContext } from "../http/request-context.js";
import type { MfaLogin } from "../mfa/mfa-login.js";
import { AsyncStrategy } from "./async-strategy.js";

/**
 * The second step of a login with TOTP on: the `mfaToken` from the password step and a
 * code from the authenticator app (or a backup code). Its own strategy beside
 * passport-local: nothing here accepts a password, an access token or a refresh token.
 */
export function createMfaStrategy(login: MfaLogin): AsyncStrategy {
  return new AsyncStrategy("mfa", (req) => {
    const { mfaToken, code } = req.body as MfaLoginRequest;
    return login.complete(mfaToken, code, requestContext(req));
  });
}

import type { Request } from "express";
import * as client from "openid-client";
import { Strategy, type AuthenticateOptions } from "openid-client/passport";
import { SESSION_KEY } from "./flow-session.js";

/** What the app keeps from a verified ID token. */
export interface ProviderClaims {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
}

/**
 * openid-client's Passport strategy (authorization code + PKCE S256) with two additions the
 * OAuth 2.0 Security BCP (RFC 9700) asks for: a `state` and a `nonce` on every request,
 * even where the provider supports PKCE (the stock strategy then sends neither). The
 * strategy stores them with the PKCE verifier where it keeps its state, and checks the
 * callback's `state` and the ID token's `nonce` against them.
 *
 * Which phase runs is decided by the path, not by the query: a callback with no `code`
 * must fail, never quietly start a new flow.
 */
export class OidcStrategy extends Strategy {
  override authorizationRequestParams<TOptions extends AuthenticateOptions>(
    req: Request,
    options: TOptions,
  ): URLSearchParams {
    const params = new URLSearchParams(super.authorizationRequestParams(req, options));
    params.set("state", client.randomState());
    params.set("nonce", client.randomNonce());
    return params;
  }

  override shouldInitiateAuthRequest(req: Request): boolean {
    return req.method === "GET" && !req.path.endsWith("/callback");
  }
}

export function createOidcStrategy(options: {
  name: string;
  config: client.Configuration;
  callbackURL: string;
  scope: string;
}): OidcStrategy {
  return new OidcStrategy(
    { ...options, sessionKey: SESSION_KEY, passReqToCallback: false },
    // The ID token is already verified here (signature, issuer, audience, expiry, nonce):
    // its claims are what the callback route works from. No userinfo call is needed.
    (tokens, verified) => {
      const claims = tokens.claims();
      if (!claims) return verified(null, false);
      verified(null, {
        issuer: claims.iss,
        subject: claims.sub,
        email: typeof claims.email === "string" ? claims.email : undefined,
        emailVerified: claims.email_verified === true,
        name: typeof claims.name === "string" ? claims.name : undefined,
      } satisfies ProviderClaims as unknown as Express.User);
    },
  );
}

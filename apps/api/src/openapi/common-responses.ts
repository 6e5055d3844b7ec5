import type { DocumentedResponse } from "../http/route.js";

/** Answers many routes share; routes spread them into their `responses`. */

export const TOKEN_PROBLEMS = [
  "token_missing",
  "token_invalid",
  "token_expired",
  "token_revoked",
] as const;

export const bearerRejected: DocumentedResponse = {
  description:
    "No access token, or one that is malformed, wrongly signed, expired, or whose session has ended. " +
    '`WWW-Authenticate` names the challenge; it carries `error="invalid_token"` when a token was sent.',
  problems: TOKEN_PROBLEMS,
  headers: ["WwwAuthenticate"],
};

export const notFresh =
  "`reauthentication_required`: this action needs a recent sign-in (`auth_time` within `REAUTH_MAX_AGE`); " +
  '`WWW-Authenticate` carries `error="insufficient_user_authentication"` and `max_age` (RFC 9470). ' +
  "Re-authenticate with `POST /api/auth/reauthenticate` and retry.";

export const emailNotVerified: DocumentedResponse = {
  description:
    "`email_not_verified`: the account's address is not verified yet (the token's `email_verified` claim). " +
    "Verify it with the mailed link, refresh, and retry.",
  problems: ["email_not_verified"],
};

export const rateLimited: DocumentedResponse = {
  description:
    "Too many attempts from this client (or, for login, against this account). Wait `Retry-After` seconds.",
  problems: ["rate_limited"],
  headers: ["RetryAfter"],
};

export const crossSite: DocumentedResponse = {
  description:
    "The browser says the request came from a page of another origin (`Sec-Fetch-Site` or `Origin`): " +
    "a cookie alone never authenticates such a request.",
  problems: ["cross_site_request"],
};

export const unavailable: DocumentedResponse = {
  description: "The database does not answer; try again after `Retry-After` seconds.",
  problems: ["service_unavailable"],
  headers: ["RetryAfter"],
};

/**
 * Answers that no single operation owns: a path nobody serves, a method a path does not
 * accept, and a failure nobody expected.
 */
export const genericResponses = {
  404: { description: "No such path.", problems: ["not_found"] },
  405: {
    description: "The path exists but does not accept this method; `Allow` lists the ones it does.",
    problems: ["method_not_allowed"],
    headers: ["Allow"],
  },
  500: {
    description: "An unexpected failure; nothing about it is disclosed.",
    problems: ["internal_error"],
  },
} as const satisfies Record<number, DocumentedResponse>;

export const accountLocked: DocumentedResponse = {
  description:
    "`account_locked`: an administrator locked the account; `reason` holds their words and `until` when the " +
    "lock ends (null: until it is lifted).",
  problems: ["account_locked"],
};

/** The OpenID Connect URLs, apart from the schemas so the login page can use them without zod. */

/** The SPA page a finished provider login lands on; it gets its token by a normal refresh. */
export const OIDC_CALLBACK_WEB_PATH = "/auth/callback";

/** Where the API's OIDC routes live; the flow cookie is scoped to this path. */
export const OIDC_PATH_PREFIX = "/api/auth/oidc";

export const oidcPaths = {
  providers: "/api/auth/providers",
  start: "/api/auth/oidc/{id}",
  callback: "/api/auth/oidc/{id}/callback",
  identities: "/api/user/identities",
  /** POST links the provider `{id}`; DELETE unlinks the identity `{id}`. */
  identity: "/api/user/identities/{id}",
} as const;

/** OpenID Connect constants, apart from the schemas so the login page can use them without zod. */

/** The SPA page a finished provider login lands on; it gets its token by a normal refresh. */
export const OIDC_CALLBACK_WEB_PATH = "/auth/callback";

/** Where the API's OIDC routes live; the flow cookie is scoped to this path. */
export const OIDC_PATH_PREFIX = "/api/auth/oidc";

/** Every URL of the API, in one place for the server's routers and the web client. */
export const apiPaths = {
  register: "/api/auth/register",
  login: "/api/auth/login",
  refresh: "/api/auth/refresh",
  logout: "/api/auth/logout",
  logoutAll: "/api/auth/logout-all",
  profile: "/api/user/profile",
  password: "/api/user/password",
  health: "/api/health",
  openapi: "/api/openapi.json",
  docs: "/api/docs",
  jwks: "/.well-known/jwks.json",
  loginMfa: "/api/auth/login/mfa",
  passkeyLoginOptions: "/api/auth/passkey/options",
  passkeyLogin: "/api/auth/passkey",
  mfa: "/api/user/mfa",
  totpSetup: "/api/user/mfa/totp/setup",
  totpEnable: "/api/user/mfa/totp/enable",
  totp: "/api/user/mfa/totp",
  backupCodes: "/api/user/mfa/backup-codes",
  passkeyOptions: "/api/user/passkeys/options",
  passkeys: "/api/user/passkeys",
  passkey: "/api/user/passkeys/{id}",
} as const;

/** The refresh cookie: HttpOnly, SameSite=Strict, sent only to the auth endpoints. */
export const REFRESH_COOKIE_NAME = "refresh_token";
export const REFRESH_COOKIE_PATH = "/api/auth";

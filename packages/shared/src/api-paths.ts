/** Every URL of the API, in one place for the server's routers and the web client. */
export const apiPaths = {
  register: "/api/auth/register",
  login: "/api/auth/login",
  refresh: "/api/auth/refresh",
  logout: "/api/auth/logout",
  logoutAll: "/api/auth/logout-all",
  profile: "/api/user/profile",
  password: "/api/user/password",
  reauthenticate: "/api/auth/reauthenticate",
  sessions: "/api/user/sessions",
  session: "/api/user/sessions/{id}",
  revokeOtherSessions: "/api/user/sessions/revoke-others",
  activity: "/api/user/activity",
  exportData: "/api/user/export",
  account: "/api/user",
  health: "/api/health",
  openapi: "/api/openapi.json",
  docs: "/api/docs",
  jwks: "/.well-known/jwks.json",
} as const;

/** The refresh cookie: HttpOnly, SameSite=Strict, sent only to the auth endpoints. */
export const REFRESH_COOKIE_NAME = "refresh_token";
export const REFRESH_COOKIE_PATH = "/api/auth";

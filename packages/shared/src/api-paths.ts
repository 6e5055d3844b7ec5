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
  verifyEmail: "/api/auth/verify-email",
  verifyEmailResend: "/api/auth/verify-email/resend",
  passwordForgot: "/api/auth/password/forgot",
  passwordReset: "/api/auth/password/reset",
  changeEmail: "/api/user/email",
  confirmEmail: "/api/auth/email/confirm",
  devMailbox: "/api/dev/mailbox",
} as const;

/** The refresh cookie: HttpOnly, SameSite=Strict, sent only to the auth endpoints. */
export const REFRESH_COOKIE_NAME = "refresh_token";
export const REFRESH_COOKIE_PATH = "/api/auth";

/** Every URL of the API, in one place for the server's routers and the web client. */
export const apiPaths = {
  register: "/api/auth/register",
  login: "/api/auth/login",
  refresh: "/api/auth/refresh",
  logout: "/api/auth/logout",
  logoutAll: "/api/auth/logout-all",
  verifyEmail: "/api/auth/verify-email",
  verifyEmailResend: "/api/auth/verify-email/resend",
  passwordForgot: "/api/auth/password/forgot",
  passwordReset: "/api/auth/password/reset",
  emailConfirm: "/api/auth/email/confirm",
  emailCancel: "/api/auth/email/cancel",
  reauthenticate: "/api/auth/reauthenticate",
  loginMfa: "/api/auth/login/mfa",
  passkeyLoginOptions: "/api/auth/passkey/options",
  passkeyLogin: "/api/auth/passkey",
  providers: "/api/auth/providers",
  oidcStart: "/api/auth/oidc/{provider}",
  oidcCallback: "/api/auth/oidc/{provider}/callback",
  profile: "/api/user/profile",
  password: "/api/user/password",
  account: "/api/user",
  changeEmail: "/api/user/email",
  sessions: "/api/user/sessions",
  session: "/api/user/sessions/{id}",
  revokeOtherSessions: "/api/user/sessions/revoke-others",
  activity: "/api/user/activity",
  exportData: "/api/user/export",
  mfa: "/api/user/mfa",
  totpSetup: "/api/user/mfa/totp/setup",
  totpEnable: "/api/user/mfa/totp/enable",
  totp: "/api/user/mfa/totp",
  backupCodes: "/api/user/mfa/backup-codes",
  passkeyOptions: "/api/user/passkeys/options",
  passkeys: "/api/user/passkeys",
  passkey: "/api/user/passkeys/{id}",
  identities: "/api/user/identities",
  identity: "/api/user/identities/{id}",
  linkIdentity: "/api/user/identities/{provider}",
  adminUsers: "/api/admin/users",
  adminUser: "/api/admin/users/{id}",
  adminLock: "/api/admin/users/{id}/lock",
  adminUnlock: "/api/admin/users/{id}/unlock",
  adminRevokeSessions: "/api/admin/users/{id}/sessions/revoke",
  adminMfa: "/api/admin/users/{id}/mfa",
  adminPasswordReset: "/api/admin/users/{id}/password-reset",
  adminRoles: "/api/admin/users/{id}/roles",
  adminAudit: "/api/admin/audit",
  devMailbox: "/api/dev/mailbox",
  health: "/api/health",
  openapi: "/api/openapi.json",
  docs: "/api/docs",
  jwks: "/.well-known/jwks.json",
} as const;

/**
 * Fills the `{name}` parameters of an `apiPaths` entry: `pathTo(apiPaths.session, { id })`.
 * Values are percent-encoded, so an id can never add a path segment.
 */
export function pathTo(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`pathTo: no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}

/** The refresh cookie: HttpOnly, SameSite=Strict, sent only to the auth endpoints. */
export const REFRESH_COOKIE_NAME = "refresh_token";
/** Where every cookie of the API is sent: the auth endpoints, and nothing else. */
export const REFRESH_COOKIE_PATH = "/api/auth";
/**
 * The provider login's own cookies go only to its start and callback routes: the part of
 * their paths before the provider's id, inside the refresh cookie's path.
 */
export const OIDC_COOKIE_PATH = apiPaths.oidcStart.slice(0, apiPaths.oidcStart.indexOf("/{"));

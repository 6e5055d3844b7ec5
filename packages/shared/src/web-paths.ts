/**
 * Every client-side route of the SPA, in one place for the web app's router and the API
 * that serves the built SPA: the API answers these with the page and status 200, any other
 * page path with the page and 404, so a crawler or a monitor sees a missing page as missing.
 * Routes still to come are listed already, so both sides agree on them from the start.
 */
export const webPaths = {
  home: "/",
  login: "/login",
  register: "/register",
  profile: "/profile",
  forgotPassword: "/forgot-password",
  resetPassword: "/reset-password",
  verifyEmail: "/verify-email",
  confirmEmail: "/confirm-email",
  cancelEmailChange: "/cancel-email-change",
  security: "/security",
  authCallback: "/auth/callback",
  devMailbox: "/dev/mailbox",
  admin: "/admin",
} as const;

export type WebPath = (typeof webPaths)[keyof typeof webPaths];

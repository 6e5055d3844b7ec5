/** Every client-side route of the SPA. API URLs live in `apiPaths` from the shared package. */
export const paths = {
  home: "/",
  login: "/login",
  register: "/register",
  profile: "/profile",
  forgotPassword: "/forgot-password",
  resetPassword: "/reset-password",
  verifyEmail: "/verify-email",
  confirmEmail: "/confirm-email",
  devMailbox: "/dev/mailbox",
} as const;

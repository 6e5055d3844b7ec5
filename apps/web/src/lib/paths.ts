/** Every client-side route of the SPA. API URLs live in `apiPaths` from the shared package. */
export const paths = {
  home: "/",
  login: "/login",
  register: "/register",
  profile: "/profile",
  security: "/security",
  authCallback: "/auth/callback",
} as const;

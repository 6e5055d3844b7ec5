import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { GuestOnly } from "../features/auth/guest-only";
import { LoginPage } from "../features/auth/login-page";
import { RequireAuth } from "../features/auth/require-auth";
import { NotFoundPage } from "../features/not-found/not-found-page";
import { ProviderButtons } from "../features/oidc/provider-buttons";
import { paths } from "../lib/paths";

// Routes other than the login page are chunks of their own: the login page's first load
// carries none of their code (nor zod, which the register page needs for its hints).
const RegisterPage = lazy(() =>
  import("../features/auth/register-page").then((module) => ({ default: module.RegisterPage })),
);
const ProfilePage = lazy(() =>
  import("../features/profile/profile-page").then((module) => ({ default: module.ProfilePage })),
);

const AuthCallbackPage = lazy(() =>
  import("../features/oidc/auth-callback-page").then((module) => ({
    default: module.AuthCallbackPage,
  })),
);
const SecurityPage = lazy(() =>
  import("./security-page").then((module) => ({ default: module.SecurityPage })),
);

const loading = <p className="hint">Loading…</p>;

export function AppRoutes() {
  return (
    <Routes>
      <Route path={paths.home} element={<Navigate to={paths.profile} replace />} />
      <Route
        path={paths.login}
        element={
          <GuestOnly>
            <LoginPage alternatives={(returnTo) => <ProviderButtons returnTo={returnTo} />} />
          </GuestOnly>
        }
      />
      <Route
        path={paths.register}
        element={
          <GuestOnly>
            <Suspense fallback={loading}>
              <RegisterPage />
            </Suspense>
          </GuestOnly>
        }
      />
      <Route
        path={paths.profile}
        element={
          <RequireAuth>
            <Suspense fallback={loading}>
              <ProfilePage />
            </Suspense>
          </RequireAuth>
        }
      />
      <Route
        path={paths.authCallback}
        element={
          <Suspense fallback={loading}>
            <AuthCallbackPage />
          </Suspense>
        }
      />
      <Route
        path={paths.security}
        element={
          <RequireAuth>
            <Suspense fallback={loading}>
              <SecurityPage />
            </Suspense>
          </RequireAuth>
        }
      />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

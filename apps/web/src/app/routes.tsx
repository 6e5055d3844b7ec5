import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { GuestOnly } from "../features/auth/guest-only";
import { LoginPage } from "../features/auth/login-page";
import { RegisterPage } from "../features/auth/register-page";
import { RequireAuth } from "../features/auth/require-auth";
import { NotFoundPage } from "../features/not-found/not-found-page";
import { paths } from "../lib/paths";

// Its own chunk: the login page's first load carries none of the profile code.
const ProfilePage = lazy(() =>
  import("../features/profile/profile-page").then((module) => ({ default: module.ProfilePage })),
);

export function AppRoutes() {
  return (
    <Routes>
      <Route path={paths.home} element={<Navigate to={paths.profile} replace />} />
      <Route
        path={paths.login}
        element={
          <GuestOnly>
            <LoginPage />
          </GuestOnly>
        }
      />
      <Route
        path={paths.register}
        element={
          <GuestOnly>
            <RegisterPage />
          </GuestOnly>
        }
      />
      <Route
        path={paths.profile}
        element={
          <RequireAuth>
            <Suspense fallback={<p className="hint">Loading…</p>}>
              <ProfilePage />
            </Suspense>
          </RequireAuth>
        }
      />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { GuestOnly } from "../features/auth/guest-only";
import { LoginPage } from "../features/auth/login-page";
import { RequireAuth } from "../features/auth/require-auth";
import { SecondFactorStep } from "../features/auth/second-factor-step";
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
const SecurityPage = lazy(() =>
  import("./security-page").then((module) => ({ default: module.SecurityPage })),
);

const ForgotPasswordPage = lazy(() =>
  import("../features/accounts/forgot-password-page").then((module) => ({
    default: module.ForgotPasswordPage,
  })),
);
const ResetPasswordPage = lazy(() =>
  import("../features/accounts/reset-password-page").then((module) => ({
    default: module.ResetPasswordPage,
  })),
);
const VerifyEmailPage = lazy(() =>
  import("../features/accounts/verify-email-page").then((module) => ({
    default: module.VerifyEmailPage,
  })),
);
const ConfirmEmailPage = lazy(() =>
  import("../features/accounts/confirm-email-page").then((module) => ({
    default: module.ConfirmEmailPage,
  })),
);
const CancelEmailChangePage = lazy(() =>
  import("../features/accounts/cancel-email-change-page").then((module) => ({
    default: module.CancelEmailChangePage,
  })),
);
const ChangeEmailSection = lazy(() =>
  import("../features/accounts/change-email-section").then((module) => ({
    default: module.ChangeEmailSection,
  })),
);
const DevMailboxPage = lazy(() =>
  import("../features/accounts/dev-mailbox-page").then((module) => ({
    default: module.DevMailboxPage,
  })),
);

const AdminPage = lazy(() =>
  import("../features/admin/admin-page").then((module) => ({ default: module.AdminPage })),
);

const AuthCallbackPage = lazy(() =>
  import("../features/oidc/auth-callback-page").then((module) => ({
    default: module.AuthCallbackPage,
  })),
);

const loading = <p className="hint loading">Loading…</p>;

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
              <ProfilePage
                changeEmail={(close) => (
                  <Suspense fallback={loading}>
                    <ChangeEmailSection onClose={close} />
                  </Suspense>
                )}
              />
            </Suspense>
          </RequireAuth>
        }
      />
      <Route
        path={paths.forgotPassword}
        element={
          <Suspense fallback={loading}>
            <ForgotPasswordPage />
          </Suspense>
        }
      />
      <Route
        path={paths.resetPassword}
        element={
          <Suspense fallback={loading}>
            <ResetPasswordPage />
          </Suspense>
        }
      />
      <Route
        path={paths.verifyEmail}
        element={
          <Suspense fallback={loading}>
            <VerifyEmailPage />
          </Suspense>
        }
      />
      <Route
        path={paths.confirmEmail}
        element={
          <Suspense fallback={loading}>
            <ConfirmEmailPage />
          </Suspense>
        }
      />
      <Route
        path={paths.cancelEmailChange}
        element={
          <Suspense fallback={loading}>
            <CancelEmailChangePage />
          </Suspense>
        }
      />
      <Route
        path={paths.devMailbox}
        element={
          <Suspense fallback={loading}>
            <DevMailboxPage />
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
      <Route
        path={paths.admin}
        element={
          <RequireAuth>
            <Suspense fallback={loading}>
              <AdminPage />
            </Suspense>
          </RequireAuth>
        }
      />
      <Route
        path={paths.authCallback}
        element={
          <Suspense fallback={loading}>
            <AuthCallbackPage
              secondStep={(challenge, restart) => (
                <SecondFactorStep challenge={challenge} onRestart={restart} />
              )}
            />
          </Suspense>
        }
      />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

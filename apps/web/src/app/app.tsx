import { useLocation } from "react-router";
import { VerifyEmailBanner } from "../features/accounts/verify-email-banner";
import { ReauthHost } from "./reauth-host";
import { RouteErrorBoundary } from "./route-error-boundary";
import { AppRoutes } from "./routes";

/** The page frame shared by every route: one banner, one main landmark. */
export function App() {
  const { pathname } = useLocation();
  return (
    <>
      <header className="site-header">
        <p className="brand">JWT auth with Passport</p>
      </header>
      <VerifyEmailBanner />
      <main className="page">
        <RouteErrorBoundary key={pathname}>
          <AppRoutes />
        </RouteErrorBoundary>
      </main>
      <ReauthHost />
    </>
  );
}

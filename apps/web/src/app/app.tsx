import { useLocation } from "react-router";
import { VerifyEmailBanner } from "../features/accounts/verify-email-banner";
import { paths } from "../lib/paths";
import { useAccessToken } from "../lib/use-session";
import { AccountMenu } from "./account-menu";
import { Brand } from "./brand";
import { ReauthHost } from "./reauth-host";
import { RouteErrorBoundary } from "./route-error-boundary";
import { AppRoutes } from "./routes";

// Pages that are one task at a time get the narrow, centred card; the rest get the wide column.
const WIDE_PAGES = new Set<string>([paths.profile, paths.security, paths.admin, paths.devMailbox]);

/** The page frame shared by every route: one banner, one main landmark. */
export function App() {
  const { pathname } = useLocation();
  const signedIn = useAccessToken() !== null;
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Brand linked={signedIn} />
          {signedIn && <AccountMenu />}
        </div>
      </header>
      <VerifyEmailBanner />
      <main className={WIDE_PAGES.has(pathname) ? "page page-wide" : "page page-narrow"}>
        <RouteErrorBoundary key={pathname}>
          <AppRoutes />
        </RouteErrorBoundary>
      </main>
      <ReauthHost />
    </>
  );
}

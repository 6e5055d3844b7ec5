import { useEffect, type ReactNode } from "react";
import { BrowserRouter } from "react-router";
import { startRefreshScheduler } from "../lib/refresh-scheduler";

// The HTTP client is loaded when the first refresh is due, not with the login page.
const refresh = () => import("../lib/api-client").then(({ refreshSession }) => refreshSession());

/**
 * App-wide set-up: the router, and the proactive token refresh, which runs for as long as
 * the app is open and re-arms itself whenever the token changes.
 */
export function AppProviders({ children }: { children: ReactNode }) {
  useEffect(() => startRefreshScheduler(refresh), []);
  return <BrowserRouter>{children}</BrowserRouter>;
}

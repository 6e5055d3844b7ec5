import { useEffect, type ReactNode } from "react";
import { BrowserRouter } from "react-router";
import { refreshSession } from "../lib/api-client";
import { startRefreshScheduler } from "../lib/refresh-scheduler";

/**
 * App-wide set-up: the router, and the proactive token refresh, which runs for as long as
 * the app is open and re-arms itself whenever the token changes.
 */
export function AppProviders({ children }: { children: ReactNode }) {
  useEffect(() => startRefreshScheduler(refreshSession), []);
  return <BrowserRouter>{children}</BrowserRouter>;
}

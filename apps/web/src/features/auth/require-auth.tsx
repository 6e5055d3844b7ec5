import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { paths } from "../../lib/paths";
import { useAccessToken } from "../../lib/use-session";
import type { ReturnState } from "./return-path";

/**
 * Renders its children only while there is an access token, and otherwise sends the user
 * to the login page, remembering where they were going. Because it re-renders whenever
 * the token changes, the same redirect covers a first visit, a refresh the server refused,
 * a revoked token and a logout in another tab.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const token = useAccessToken();
  const location = useLocation();
  if (token === null) {
    const state: ReturnState = { from: location.pathname + location.search + location.hash };
    return <Navigate to={paths.login} replace state={state} />;
  }
  return children;
}

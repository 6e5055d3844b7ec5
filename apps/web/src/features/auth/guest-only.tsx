import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useAccessToken } from "../../lib/use-session";
import { returnPath } from "./return-path";

/**
 * For the login and register pages: as soon as a token exists (this tab just logged in,
 * or another tab did) the user moves on to where they were going, or to their profile.
 */
export function GuestOnly({ children }: { children: ReactNode }) {
  const token = useAccessToken();
  const location = useLocation();
  if (token !== null) return <Navigate to={returnPath(location.state)} replace />;
  return children;
}

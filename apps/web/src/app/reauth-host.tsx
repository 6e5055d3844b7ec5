import { lazy, Suspense } from "react";
import { useReauthRequest } from "../lib/reauth/use-reauth-request";

// The dialog and the HTTP client it uses load only when a call first asks for a step-up.
const ReauthDialog = lazy(() =>
  import("../lib/reauth/reauth-dialog").then((module) => ({ default: module.ReauthDialog })),
);

/** Shows the re-authentication dialog while the HTTP layer waits for one. */
export function ReauthHost() {
  const request = useReauthRequest();
  if (!request) return null;
  return (
    <Suspense fallback={null}>
      <ReauthDialog request={request} />
    </Suspense>
  );
}

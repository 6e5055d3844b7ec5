import { useSyncExternalStore } from "react";
import { signOutNotice, subscribeSignOutNotice } from "../../lib/sign-out-notice";

/** Tells a user who lands on the login page without logging out why they are here. */
export function SignOutNotice() {
  const notice = useSyncExternalStore(subscribeSignOutNotice, signOutNotice, () => null);
  return (
    <div role="status">
      {notice && (
        <p className="notice notice-warning">
          <strong>You have been logged out.</strong> {notice}
        </p>
      )}
    </div>
  );
}

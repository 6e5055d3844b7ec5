import { useSyncExternalStore } from "react";
import { isOwnLogout, signOutNotice, subscribeSignOutNotice } from "../../lib/sign-out-notice";

/**
 * On the login page: that the user's own logout worked, or, for one who lands here without
 * logging out, why they are here.
 */
export function SignOutNotice() {
  const notice = useSyncExternalStore(subscribeSignOutNotice, signOutNotice, () => null);
  return (
    <div role="status">
      {notice &&
        (isOwnLogout(notice) ? (
          <p className="notice">{notice}</p>
        ) : (
          <p className="notice notice-warning">
            <strong>You have been logged out.</strong> {notice}
          </p>
        ))}
    </div>
  );
}

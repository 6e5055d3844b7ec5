import { pageTitle } from "@jwt-auth/shared";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { refreshSession } from "../../lib/api-client";
import { paths } from "../../lib/paths";

/**
 * Where a provider login lands. The API has set the refresh cookie and nothing else (no
 * token ever travels in a URL), so this page gets its access token the normal way, by a
 * refresh, then goes where the user was going.
 */
export function AuthCallbackPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);
  const started = useRef(false);
  const returnTo = safePath(params.get("returnTo")) ?? paths.profile;

  useEffect(() => {
    // StrictMode runs effects twice in development; one refresh is enough.
    if (started.current) return;
    started.current = true;
    refreshSession().then(
      () => navigate(returnTo, { replace: true }),
      () => setFailed(true),
    );
  }, [navigate, returnTo]);

  return (
    <div className="card">
      <title>{pageTitle("Signing in")}</title>
      <h1>Signing in</h1>
      {failed ? (
        <div role="alert" className="alert alert-error">
          <p>
            We could not finish signing you in. <Link to={paths.login}>Back to the login page</Link>
          </p>
        </div>
      ) : (
        <p className="hint" role="status">
          Finishing your sign-in…
        </p>
      )}
    </div>
  );
}

/** A path inside this app ("//host" and "/\host" would leave it), else null. */
function safePath(value: string | null): string | null {
  if (value === null || !value.startsWith("/") || value.startsWith("//")) return null;
  if (value.includes("\\") || /\p{Cc}/u.test(value)) return null;
  return new URL(value, window.location.origin).origin === window.location.origin ? value : null;
}

import { pageTitle, type MfaRequiredResponse } from "@jwt-auth/shared";
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { refreshSession } from "../../lib/api-client";
import { paths } from "../../lib/paths";
import { useAccessToken } from "../../lib/use-session";

/**
 * Where a provider login lands. Usually the API has set the refresh cookie and nothing
 * else (no access token ever travels in a URL), so this page gets its access token the
 * normal way, by a refresh, then goes where the user was going. When the account has TOTP
 * on, the API started no session: it sent an `mfaToken` in the fragment instead, and this
 * page asks for the code (the login's second step, composed in by the app's routes) before
 * going on.
 */
export function AuthCallbackPage({ secondStep }: { secondStep: SecondStepView }) {
  const [params] = useSearchParams();
  const { hash } = useLocation();
  const returnTo = safePath(params.get("returnTo")) ?? paths.profile;
  const mfaToken = mfaTokenFrom(hash);

  // The token must not stay in the address bar, the history or a bookmark: drop it at once.
  useLayoutEffect(() => {
    if (mfaTokenFrom(window.location.hash) === null) return;
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, "", pathname + search);
  }, []);

  return mfaToken === null ? (
    <FinishSignIn returnTo={returnTo} />
  ) : (
    <SecondStep mfaToken={mfaToken} returnTo={returnTo} view={secondStep} />
  );
}

function FinishSignIn({ returnTo }: { returnTo: string }) {
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);
  const started = useRef(false);

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

/** The login's code step: asks for the code, stores the token on success. */
export type SecondStepView = (challenge: MfaRequiredResponse, onRestart: () => void) => ReactNode;

/** The code step of a provider login; a stored access token means it is done. */
function SecondStep({
  mfaToken,
  returnTo,
  view,
}: {
  mfaToken: string;
  returnTo: string;
  view: SecondStepView;
}) {
  const navigate = useNavigate();
  const token = useAccessToken();
  // A token this tab already had is not the one this step gets.
  const [before] = useState(token);
  const challenge: MfaRequiredResponse = {
    mfaRequired: true,
    mfaToken,
    methods: ["totp", "backup_code"],
    expiresIn: 300,
  };

  useEffect(() => {
    if (token !== null && token !== before) navigate(returnTo, { replace: true });
  }, [token, before, navigate, returnTo]);

  return (
    <div className="card auth-card">
      <title>Two-factor authentication · JWT auth</title>
      {view(challenge, () => navigate(paths.login, { replace: true }))}
    </div>
  );
}

/** The `mfaToken` of a provider login that needs the code step (`#mfaToken=…`), or null. */
function mfaTokenFrom(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("mfaToken");
  return token === null || token === "" ? null : token;
}

/** A path inside this app ("//host" and "/\host" would leave it), else null. */
function safePath(value: string | null): string | null {
  if (value === null || !value.startsWith("/") || value.startsWith("//")) return null;
  if (value.includes("\\") || /\p{Cc}/u.test(value)) return null;
  return new URL(value, window.location.origin).origin === window.location.origin ? value : null;
}

import { pageTitle } from "@jwt-auth/shared";
import { Link } from "react-router";
import { paths } from "../../lib/paths";
import { useAccessToken } from "../../lib/use-session";

/** A way back that fits the visitor: their profile when signed in, logging in otherwise. */
export function NotFoundPage() {
  const signedIn = useAccessToken() !== null;
  return (
    <div className="card auth-card">
      <title>{pageTitle("Page not found")}</title>
      <p className="eyebrow">Error 404</p>
      <h1>Page not found</h1>
      <p>There is no page at this address. Check the link, or go back to a page that exists.</p>
      {signedIn ? (
        <p>
          <Link to={paths.profile} className="button button-block">
            Go to your profile
          </Link>
        </p>
      ) : (
        <>
          <p>
            <Link to={paths.login} className="button button-block">
              Log in
            </Link>
          </p>
          <p className="switch">
            New here? <Link to={paths.register}>Create an account</Link>
          </p>
        </>
      )}
    </div>
  );
}

import { Link } from "react-router";
import { paths } from "../../lib/paths";

export function NotFoundPage() {
  return (
    <div className="card">
      <title>Page not found · JWT auth</title>
      <h1>Page not found</h1>
      <p>There is no page at this address. Check the link, or go back to a page that exists.</p>
      <p>
        <Link to={paths.profile}>Go to your profile</Link>
      </p>
    </div>
  );
}

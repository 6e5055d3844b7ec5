import { useSearchParams } from "react-router";
import { useIsAdmin } from "../../lib/use-session";
import { AuditSection } from "./audit-section";
import { UserPage } from "./user-page";
import { UsersSection } from "./users-section";

/**
 * The admin console: the users and the audit log, or one user's page (`?user=<id>`). Who
 * sees it is decided by the API (403 for anyone without the admin role); the token's
 * `roles` claim only spares others a page of errors.
 */
export function AdminPage() {
  const isAdmin = useIsAdmin();
  const [search] = useSearchParams();
  const userId = search.get("user");

  if (!isAdmin) {
    return (
      <div className="stack">
        <title>No access · JWT auth</title>
        <div className="page-heading">
          <h1>No access</h1>
          <p className="lede">
            This page is for administrators, and your account is not one. If you should be, ask an
            administrator to give you the role.
          </p>
        </div>
      </div>
    );
  }

  return (
    <div className="stack">
      <title>Admin · JWT auth</title>
      <div className="page-heading">
        <h1>Admin</h1>
        <p className="lede">Find users, help them back in, and see what administrators did.</p>
      </div>
      {userId ? (
        <UserPage key={userId} userId={userId} />
      ) : (
        <>
          <UsersSection />
          <AuditSection />
        </>
      )}
    </div>
  );
}

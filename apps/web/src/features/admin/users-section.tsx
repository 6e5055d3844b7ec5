import type { AdminUser } from "@jwt-auth/shared";
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { describeFailure } from "../../lib/problem-message";
import { paths } from "../../lib/paths";
import { fetchUsers } from "./admin-api";

interface UsersState {
  users: AdminUser[];
  next: string | null;
  loading: boolean;
  error: string | null;
}

/** Users newest first, searched by part of an email or a name, one page at a time. */
export function UsersSection() {
  const [query, setQuery] = useState("");
  const [request, setRequest] = useState<{ query: string; before?: string }>({ query: "" });
  const [state, setState] = useState<UsersState>({
    users: [],
    next: null,
    loading: true,
    error: null,
  });

  useEffect(() => {
    const controller = new AbortController();
    fetchUsers(request.query, request.before, controller.signal).then(
      (page) =>
        setState((previous) => ({
          users: request.before ? [...previous.users, ...page.users] : page.users,
          next: page.next,
          loading: false,
          error: null,
        })),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = describeFailure(error).message ?? "We could not load the users.";
        setState((previous) => ({ ...previous, loading: false, error: message }));
      },
    );
    return () => controller.abort();
  }, [request]);

  function onSearch(event: FormEvent) {
    event.preventDefault();
    setState((previous) => ({ ...previous, loading: true }));
    setRequest({ query: query.trim() });
  }

  return (
    <section className="section" aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <form role="search" className="search-form" onSubmit={onSearch}>
        <label htmlFor="user-search">Search users</label>
        <div className="search-row">
          <input
            id="user-search"
            type="search"
            name="query"
            value={query}
            placeholder="Part of an email or a name"
            onChange={(event) => setQuery(event.target.value)}
          />
          <button type="submit" className="button button-secondary">
            Search
          </button>
        </div>
      </form>
      {state.error && (
        <div role="alert" className="alert alert-error">
          <p>{state.error}</p>
        </div>
      )}
      <ul className="list" aria-label="Users" aria-busy={state.loading}>
        {state.users.map((user) => (
          <li key={user.id}>
            <div>
              <p className="session-device">
                <Link to={`${paths.admin}?user=${encodeURIComponent(user.id)}`}>{user.email}</Link>
                {user.roles.includes("admin") && <span className="badge">Admin</span>}
                {user.locked && <span className="badge badge-locked">Locked</span>}
              </p>
              <p className="muted">
                {user.name} · joined {new Date(user.createdAt).toLocaleDateString()}
              </p>
            </div>
          </li>
        ))}
      </ul>
      <div role="status">
        {state.loading && <p className="hint">Loading users…</p>}
        {!state.loading && state.users.length === 0 && !state.error && (
          <p className="hint">No users match.</p>
        )}
      </div>
      {state.next && !state.loading && (
        <div className="actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setState((previous) => ({ ...previous, loading: true }));
              setRequest((previous) => ({
                query: previous.query,
                before: state.next ?? undefined,
              }));
            }}
          >
            Load more users
          </button>
        </div>
      )}
    </section>
  );
}

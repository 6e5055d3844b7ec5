import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";
import { Link, useLocation } from "react-router";
import { paths } from "../lib/paths";
import { useIsAdmin, useSessionClaims } from "../lib/use-session";

// The HTTP client loads on click: the header rides along with the login page too.
const logOut = () => import("../lib/session").then((session) => session.logOut());

function initials(name: string | undefined, email: string | undefined): string {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : words.length ? [words[0]] : [];
  const fromName = letters.map((word) => [...(word ?? "")][0]?.toUpperCase() ?? "").join("");
  return fromName || (email?.[0]?.toUpperCase() ?? "?");
}

/**
 * The header's account menu: a disclosure button ("Account") that opens a short panel with
 * who is signed in, links to the profile and security pages, and "Log out". While closed,
 * the panel is not rendered at all, so its "Log out" is never a second one on the page.
 * Escape closes it and gives the focus back to the button; so does a click elsewhere.
 */
export function AccountMenu() {
  const claims = useSessionClaims();
  const isAdmin = useIsAdmin();
  const { pathname } = useLocation();
  // Open on one page only: following one of its links (a new path) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (value: boolean) => setOpenOn(value ? pathname : null);
  const [leaving, setLeaving] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!root.current?.contains(event.target as Node)) setOpenOn(null);
    }
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      setOpen(false);
      button.current?.focus();
    }
  }

  function onBlur(event: FocusEvent) {
    // Tabbing out of the panel closes it, as a disclosure of links should.
    if (open && !root.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
  }

  async function onLogOut() {
    setLeaving(true);
    await logOut();
  }

  return (
    <div className="account-menu" ref={root} onKeyDown={onKeyDown} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        className="account-trigger"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(claims?.name, claims?.email)}
        </span>
        <span className="account-label">Account</span>
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
          <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.8" />
        </svg>
      </button>
      {open && (
        <div id={panelId} className="account-panel">
          <p className="account-who">
            <span className="account-name">{claims?.name}</span>
            <span className="muted">{claims?.email}</span>
          </p>
          <ul>
            <li>
              <Link
                to={paths.profile}
                aria-current={pathname === paths.profile ? "page" : undefined}
              >
                Profile
              </Link>
            </li>
            <li>
              <Link
                to={paths.security}
                aria-current={pathname === paths.security ? "page" : undefined}
              >
                Security
              </Link>
            </li>
            {isAdmin && (
              <li>
                <Link to={paths.admin} aria-current={pathname === paths.admin ? "page" : undefined}>
                  Admin
                </Link>
              </li>
            )}
            <li>
              <button
                type="button"
                className="account-logout"
                disabled={leaving}
                aria-busy={leaving}
                onClick={onLogOut}
              >
                Log out
              </button>
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}

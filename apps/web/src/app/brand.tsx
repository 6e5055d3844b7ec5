import { PRODUCT_NAME } from "@jwt-auth/shared";
import { Link } from "react-router";
import { paths } from "../lib/paths";

export { PRODUCT_NAME };

/** The logo mark: a keyhole in a rounded shield, drawn inline so it costs no request. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg
      className="logo-mark"
      viewBox="0 0 32 32"
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
    >
      <rect width="32" height="32" rx="8" fill="var(--primary)" />
      <path
        d="M16 6.5 24 9.5v6.2c0 5-3.4 8.6-8 10-4.6-1.4-8-5-8-10V9.5l8-3Z"
        fill="none"
        stroke="var(--on-primary)"
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <circle cx="16" cy="14.2" r="2.4" fill="var(--on-primary)" />
      <path d="M15 15.5h2l.6 4.5h-3.2Z" fill="var(--on-primary)" />
    </svg>
  );
}

/**
 * The product's name and mark. A link home only for a signed-in user: on the login page the
 * first Tab goes straight to the email field.
 */
export function Brand({ linked }: { linked: boolean }) {
  const content = (
    <>
      <LogoMark />
      <span className="brand-name">{PRODUCT_NAME}</span>
    </>
  );
  return linked ? (
    <Link to={paths.profile} className="brand">
      {content}
    </Link>
  ) : (
    <span className="brand">{content}</span>
  );
}

import { pageTitle } from "@jwt-auth/shared";
import { Link } from "react-router";
import { paths } from "../lib/paths";
import { PasskeysSection } from "../features/mfa/passkeys-section";
import { SignInProvidersSection } from "../features/oidc/sign-in-providers-section";
import { TwoFactorSection } from "../features/mfa/two-factor-section";
import { ActivitySection } from "../features/security/activity-section";
import { DeleteAccountSection } from "../features/security/delete-account-section";
import { ExportDataSection } from "../features/security/export-data-section";
import { SessionsSection } from "../features/security/sessions-section";

/** The page's parts, in the order a person scans them; each link goes to a section's heading. */
const contents = [
  { href: "#sessions-heading", label: "Sessions" },
  { href: "#two-factor-heading", label: "Sign-in methods" },
  { href: "#activity-heading", label: "Activity" },
  { href: "#export-heading", label: "Your data" },
] as const;

/**
 * The security page, composed from the sections each feature exports (features never
 * import each other, so they meet here). One line per section, under a small contents
 * navigation: where you are signed in, how you sign in (the password lives on the profile),
 * what happened, and your data.
 */
export function SecurityPage() {
  return (
    <div className="stack">
      <title>{pageTitle("Security")}</title>
      <div className="page-heading">
        <h1>Security</h1>
        <p className="lede">Where you are signed in, how you prove it is you, and your data.</p>
      </div>
      <nav aria-label="On this page" className="page-contents">
        <ul>
          {contents.map((item) => (
            <li key={item.href}>
              <a href={item.href}>{item.label}</a>
            </li>
          ))}
        </ul>
        <p className="hint">
          Sign-in methods: <Link to={paths.profile}>password</Link> (on your profile), two-factor
          authentication, passkeys and sign-in providers.
        </p>
      </nav>
      <SessionsSection />
      <TwoFactorSection />
      <PasskeysSection />
      <SignInProvidersSection />
      <ActivitySection />
      <ExportDataSection />
      <DeleteAccountSection />
    </div>
  );
}

import { pageTitle } from "@jwt-auth/shared";
import { PasskeysSection } from "../features/mfa/passkeys-section";
import { SignInProvidersSection } from "../features/oidc/sign-in-providers-section";
import { TwoFactorSection } from "../features/mfa/two-factor-section";
import { ActivitySection } from "../features/security/activity-section";
import { DeleteAccountSection } from "../features/security/delete-account-section";
import { ExportDataSection } from "../features/security/export-data-section";
import { SessionsSection } from "../features/security/sessions-section";

/**
 * The security page, composed from the sections each feature exports (features never
 * import each other, so they meet here). One line per section.
 */
export function SecurityPage() {
  return (
    <div className="stack">
      <title>{pageTitle("Security")}</title>
      <div className="page-heading">
        <h1>Security</h1>
        <p className="lede">Where you are signed in, how you prove it is you, and your data.</p>
      </div>
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

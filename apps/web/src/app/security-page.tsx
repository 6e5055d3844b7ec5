import { PasskeysSection } from "../features/mfa/passkeys-section";
import { TwoFactorSection } from "../features/mfa/two-factor-section";

/**
 * The security page, composed from the sections each feature exports (features never
 * import each other, so they meet here). One line per section.
 */
export function SecurityPage() {
  return (
    <div className="card card-wide">
      <title>Security · JWT auth</title>
      <h1>Security</h1>
      <TwoFactorSection />
      <PasskeysSection />
      {/* Sign-in providers (OpenID Connect feature) go here. */}
    </div>
  );
}

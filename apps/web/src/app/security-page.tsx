import { SignInProvidersSection } from "../features/oidc/sign-in-providers-section";

/** The security page: each feature contributes its section. Loaded lazily. */
export function SecurityPage() {
  return (
    <div className="card card-wide">
      <title>Security · JWT auth</title>
      <h1>Security</h1>
      <SignInProvidersSection />
    </div>
  );
}

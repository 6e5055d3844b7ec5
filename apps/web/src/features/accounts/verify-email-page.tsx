import { refreshSession } from "../../lib/api-client";
import { getToken } from "../../lib/token-storage";
import { verifyEmail } from "./accounts-api";
import { LinkAction } from "./link-action";

async function verify(token: string): Promise<string> {
  const profile = await verifyEmail(token);
  // A signed-in tab gets a token whose email_verified claim says so, and the banner goes.
  if (getToken() !== null) await refreshSession().catch(() => undefined);
  return `Your email ${profile.email} is verified.`;
}

export function VerifyEmailPage() {
  return (
    <LinkAction
      title="Verify your email"
      explanation="Confirm that this address is yours."
      button="Verify my email"
      act={verify}
    />
  );
}

import { refreshSession } from "../../lib/api-client";
import { getToken } from "../../lib/token-storage";
import { confirmEmailChange } from "./accounts-api";
import { LinkAction } from "./link-action";

async function confirm(token: string): Promise<string> {
  const profile = await confirmEmailChange(token);
  if (getToken() !== null) await refreshSession().catch(() => undefined);
  return `Your email is now ${profile.email}.`;
}

export function ConfirmEmailPage() {
  return (
    <LinkAction
      title="Confirm your new email"
      explanation="Make this address the email of your account."
      button="Confirm my new email"
      act={confirm}
    />
  );
}

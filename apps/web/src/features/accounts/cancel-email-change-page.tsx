import { paths } from "../../lib/paths";
import { logOut } from "../../lib/session";
import { cancelEmailChange } from "./accounts-api";
import { LinkAction } from "./link-action";

async function cancel(token: string): Promise<string> {
  await cancelEmailChange(token);
  // The server ended every session of the account, this browser's too: forget it here.
  await logOut();
  return "The change was cancelled and every session was signed out. Log in again, then change your password: someone else may know it.";
}

/** The "This wasn't me" link of the notice sent to the old address on an email change. */
export function CancelEmailChangePage() {
  return (
    <LinkAction
      title="Cancel the email change"
      explanation="Stop the change of your account's email address and sign out every session, in case someone else asked for it."
      button="Cancel the change"
      act={cancel}
      next={{ to: paths.login, label: "Log in" }}
    />
  );
}

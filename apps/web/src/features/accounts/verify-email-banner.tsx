import { useState } from "react";
import { useEmailVerified } from "../../lib/use-session";

type ResendState = "idle" | "sending" | "sent" | "failed";

// The API code loads on click: the banner rides along with every page, the login page too.
async function resend(): Promise<string | null> {
  const [{ resendVerification }, { describeFailure }] = await Promise.all([
    import("./accounts-api"),
    import("../../lib/problem-message"),
  ]);
  try {
    await resendVerification();
    return null;
  } catch (error) {
    return describeFailure(error).message;
  }
}

/** Shown on every page while the signed-in account's email is not verified. */
export function VerifyEmailBanner() {
  const verified = useEmailVerified();
  const [state, setState] = useState<ResendState>("idle");
  const [failure, setFailure] = useState<string | null>(null);
  if (verified !== false) return null;

  async function onResend() {
    setState("sending");
    const message = await resend().catch(() => "Something went wrong. Please try again.");
    setFailure(message);
    setState(message === null ? "sent" : "failed");
  }

  return (
    <aside className="banner" aria-label="Email verification">
      <p>Please verify your email address: we sent you a link.</p>
      <button
        type="button"
        className="button button-secondary"
        onClick={onResend}
        disabled={state === "sending" || state === "sent"}
        aria-busy={state === "sending"}
      >
        Resend verification email
      </button>
      {/* Polite, not role="status": the page below has its own status region. */}
      <div aria-live="polite">{state === "sent" && <p>A new link is on its way.</p>}</div>
      {failure && <p role="alert">{failure}</p>}
    </aside>
  );
}

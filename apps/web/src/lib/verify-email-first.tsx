import { apiPaths } from "@jwt-auth/shared";
import { useEffect, useRef, useState } from "react";
import { apiClient } from "./api-client";
import { describeFailure } from "./problem-message";

type ResendState = "idle" | "sending" | "sent" | "failed";

/**
 * What a section of the security page shows when the API answered `403 email_not_verified`
 * (TOTP, passkeys and linking a provider are only for verified addresses): why, and a way
 * to get the link again. It takes the focus like a form's error region; render it with a
 * new `key` per refusal to move the focus there again.
 */
export function VerifyEmailFirst() {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<ResendState>("idle");
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  async function onResend() {
    setState("sending");
    try {
      await apiClient.post(apiPaths.verifyEmailResend);
      setFailure(null);
      setState("sent");
    } catch (error) {
      setFailure(describeFailure(error).message);
      setState("failed");
    }
  }

  return (
    <div ref={ref} role="alert" tabIndex={-1} className="alert alert-error">
      <p>
        Verify your email address first: open the link we sent you, then try again. No message?{" "}
        <button
          type="button"
          className="link-button"
          onClick={() => void onResend()}
          disabled={state === "sending" || state === "sent"}
          aria-busy={state === "sending"}
        >
          Resend the verification link
        </button>
      </p>
      {state === "sent" && <p>A new link is on its way.</p>}
      {failure && <p>{failure}</p>}
    </div>
  );
}

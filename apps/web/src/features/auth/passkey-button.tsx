import { useEffect, useState } from "react";
import { FormAlert } from "../../lib/forms/form-alert";
import type { Failure } from "../../lib/problem-message";

const loadPasskeySignIn = () => import("./passkey-sign-in");

/**
 * `Sign in with a passkey`, and the quieter path to the same place: when the browser
 * supports conditional UI, passkeys show up in the email field's autofill list.
 */
export function PasskeyButton() {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<{ attempt: number; failure: Failure } | null>(null);

  useEffect(() => {
    // Only browsers that have WebAuthn pay for its code.
    if (typeof window.PublicKeyCredential === "undefined") return;
    const module = loadPasskeySignIn();
    module.then(
      (loaded) => loaded.offerPasskeyAutofill(),
      () => undefined,
    );
    return () => {
      module.then(
        (loaded) => loaded.cancelPasskeyAutofill(),
        () => undefined,
      );
    };
  }, []);

  async function onClick() {
    setPending(true);
    let result: Failure | null;
    try {
      result = await (await loadPasskeySignIn()).signInWithPasskey();
    } catch {
      result = { message: "Something went wrong. Try again.", fieldErrors: {} };
    }
    setPending(false);
    if (result)
      setFailure((previous) => ({ attempt: (previous?.attempt ?? 0) + 1, failure: result }));
  }

  return (
    <div className="passkey-sign-in">
      {failure && <FormAlert key={failure.attempt} failure={failure.failure} />}
      <button
        type="button"
        className="button button-secondary button-block"
        disabled={pending}
        aria-busy={pending}
        onClick={onClick}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <circle cx="9" cy="8" r="3.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <path
            d="M3 19c0-3.3 2.7-5.5 6-5.5 1.2 0 2.3.3 3.2.8M17.5 11a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5Zm0 5v5m0-2h2"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
          />
        </svg>
        Sign in with a passkey
      </button>
    </div>
  );
}

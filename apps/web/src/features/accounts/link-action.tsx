import { pageTitle } from "@jwt-auth/shared";
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { FormAlert } from "../../lib/forms/form-alert";
import { useFormSubmit } from "../../lib/forms/use-form-submit";
import { paths } from "../../lib/paths";
import { describeFailure } from "../../lib/problem-message";
import { INVALID_LINK } from "./invalid-link";
import { linkTokenFrom } from "./link-token";

interface LinkActionProps {
  title: string;
  explanation: string;
  button: string;
  /** Sends the token; resolves to the sentence that says it worked. */
  act: (token: string) => Promise<string>;
  /** Where to go after it worked: the profile unless the page says otherwise. */
  next?: { to: string; label: string };
}

/**
 * The page behind a mailed link that needs one click: opening it consumes nothing (mail
 * scanners open links too), the button POSTs the token from the fragment.
 */
export function LinkAction({
  title,
  explanation,
  button,
  act,
  next = { to: paths.profile, label: "Go to your profile" },
}: LinkActionProps) {
  const token = linkTokenFrom(useLocation().hash);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormSubmit(async () => {
    try {
      setDone(await act(token ?? ""));
      return null;
    } catch (error) {
      return describeFailure(error, {
        invalid_link: INVALID_LINK,
        validation_failed: INVALID_LINK,
      });
    }
  });

  return (
    <div className="card">
      <title>{pageTitle(title)}</title>
      <h1>{title}</h1>
      <div role="status">
        {done && (
          <p className="notice">
            {done} <Link to={next.to}>{next.label}</Link>
          </p>
        )}
      </div>
      {token === null ? (
        <div role="alert" className="alert alert-error">
          <p>This link has no token. Open the link from the message again.</p>
        </div>
      ) : (
        !done && (
          <form noValidate onSubmit={form.onSubmit}>
            {form.failure && <FormAlert key={form.attempt} failure={form.failure} />}
            <p className="hint">{explanation}</p>
            <button
              type="submit"
              className="button button-block"
              disabled={form.pending}
              aria-busy={form.pending}
            >
              {button}
            </button>
          </form>
        )
      )}
    </div>
  );
}

import { useState } from "react";
import { describeFailure } from "../../lib/problem-message";
import { fetchExport } from "./security-api";

/** Hands the browser a JSON file without a navigation: the token travels in a header. */
function download(json: unknown, filename: string) {
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(json, null, 2)], { type: "application/json" }),
  );
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** GDPR article 20: everything we store about the user, as a file they keep. */
export function ExportDataSection() {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  async function onExport() {
    setPending(true);
    try {
      download(await fetchExport(), "account-export.json");
      setMessage({ error: false, text: "Your data has been downloaded." });
    } catch (error) {
      setMessage({ error: true, text: describeFailure(error).message ?? "The export failed." });
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="section" aria-labelledby="export-heading">
      <h2 id="export-heading">Your data</h2>
      <p className="muted">
        A JSON file with your profile, sessions, activity, two-factor status, passkeys and linked
        providers. Passwords and keys are never included.
      </p>
      {message?.error && (
        <div role="alert" className="alert alert-error">
          <p>{message.text}</p>
        </div>
      )}
      <div role="status">
        {message && !message.error && <p className="notice">{message.text}</p>}
      </div>
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={pending}
          aria-busy={pending}
          onClick={onExport}
        >
          Export my data
        </button>
      </div>
    </section>
  );
}

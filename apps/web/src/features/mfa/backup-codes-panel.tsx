import { useState } from "react";

/**
 * The backup codes, shown once: to copy, to download as a text file, or to write down.
 * They are not kept anywhere in the app after this panel goes away.
 */
export function BackupCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = `${codes.join("\n")}\n`;

  async function copy() {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "backup-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="backup-codes">
      <h3 id="backup-codes-heading">Your backup codes</h3>
      <p className="muted">
        Each code logs you in once if you lose your phone. Keep them somewhere safe: they are shown
        only now.
      </p>
      <ul aria-labelledby="backup-codes-heading" className="code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={copy}>
          Copy codes
        </button>
        <button type="button" className="button button-secondary" onClick={download}>
          Download codes
        </button>
        <button type="button" className="button" onClick={onDone}>
          I have saved them
        </button>
      </div>
      <div role="status">{copied && <p className="notice">Copied to the clipboard.</p>}</div>
    </div>
  );
}

import { useEffect, useRef } from "react";
import type { Failure } from "../problem-message";

/**
 * The one error region of a form. It takes focus when it appears, so keyboard and screen
 * reader users land on what went wrong; render it with a new `key` per failed attempt to
 * move focus there again on the next failure.
 */
export function FormAlert({ failure }: { failure: Failure }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const fieldMessages = Object.entries(failure.fieldErrors).flatMap(([field, messages]) =>
    messages.map((message, index) => ({ key: `${field}:${index}`, message })),
  );
  return (
    <div ref={ref} role="alert" tabIndex={-1} className="alert alert-error">
      {failure.message && <p>{failure.message}</p>}
      {fieldMessages.length > 0 && (
        <ul>
          {fieldMessages.map(({ key, message }) => (
            <li key={key}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { Failure } from "../problem-message";

/** The names of the fields a person can see in `form` (their errors are shown at them). */
function visibleFieldNames(form: HTMLFormElement | null | undefined): Set<string> {
  if (!form) return new Set();
  return new Set(
    Array.from(form.elements).flatMap((element) =>
      (element instanceof HTMLInputElement ||
        element instanceof HTMLSelectElement ||
        element instanceof HTMLTextAreaElement) &&
      element.type !== "hidden" &&
      !element.hidden
        ? [element.name]
        : [],
    ),
  );
}

/**
 * What went wrong with a form as a whole ("Incorrect email or password"), above it, in a
 * `role="alert"` region that takes focus when it appears: render it with a new `key` per
 * failed attempt to move focus there again. Errors about a field stay at that field
 * (FieldError), never repeated here; only a message about a field the form does not show
 * (a link's hidden token) is. `children` add a way on (a link to log in instead).
 */
export function FormAlert({ failure, children }: { failure: Failure; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState<Set<string> | null>(null);
  useLayoutEffect(() => {
    setShown(visibleFieldNames(ref.current?.closest("form")));
  }, []);
  const elsewhere =
    shown === null
      ? []
      : Object.entries(failure.fieldErrors).flatMap(([name, messages]) =>
          shown.has(name) ? [] : messages,
        );
  const empty = !failure.message && !children && elsewhere.length === 0;
  useEffect(() => {
    if (!empty) ref.current?.focus();
  }, [empty]);
  return (
    <div
      ref={ref}
      role={empty ? undefined : "alert"}
      tabIndex={-1}
      className={empty ? undefined : "alert alert-error"}
      hidden={empty}
    >
      {(failure.message || children) && (
        <p>
          {failure.message} {children}
        </p>
      )}
      {elsewhere.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

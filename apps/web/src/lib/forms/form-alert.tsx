import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { Failure } from "../problem-message";

interface FieldLink {
  key: string;
  message: string;
  /** The id of the field the message is about, when the form has it. */
  target: string | undefined;
}

/**
 * The field errors in the order the fields appear in the form, each tied to its field's id.
 * Messages about a field the form does not show (a hidden token) come last, as plain text.
 */
export function orderFieldErrors(
  fieldErrors: Failure["fieldErrors"],
  fields: ReadonlyArray<{ name: string; id: string }>,
): FieldLink[] {
  const position = (name: string) => {
    const index = fields.findIndex((field) => field.name === name);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return Object.entries(fieldErrors)
    .sort(([a], [b]) => position(a) - position(b))
    .flatMap(([name, messages]) => {
      const target = fields.find((field) => field.name === name && field.id !== "")?.id;
      return messages.map((message, index) => ({ key: `${name}:${index}`, message, target }));
    });
}

function fieldsOf(form: HTMLFormElement | null | undefined): Array<{ name: string; id: string }> {
  if (!form) return [];
  return Array.from(form.elements).flatMap((element) =>
    element instanceof HTMLInputElement ||
    element instanceof HTMLSelectElement ||
    element instanceof HTMLTextAreaElement
      ? element.type === "hidden" || element.hidden
        ? []
        : [{ name: element.name, id: element.id }]
      : [],
  );
}

/**
 * The one error region of a form. It takes focus when it appears, so keyboard and screen
 * reader users land on what went wrong; render it with a new `key` per failed attempt to
 * move focus there again on the next failure. Field errors form a summary in the order of
 * the fields, each a link that moves the focus to its field. `children` add a way on (a link
 * to log in instead) after the message.
 */
export function FormAlert({ failure, children }: { failure: Failure; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [fields, setFields] = useState<Array<{ name: string; id: string }>>([]);
  useLayoutEffect(() => {
    setFields(fieldsOf(ref.current?.closest("form")));
  }, []);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const items = orderFieldErrors(failure.fieldErrors, fields);
  return (
    <div ref={ref} role="alert" tabIndex={-1} className="alert alert-error">
      {(failure.message || children) && (
        <p>
          {failure.message} {children}
        </p>
      )}
      {items.length > 0 && (
        <ul className="error-summary">
          {items.map(({ key, message, target }) => (
            <li key={key}>
              {target ? (
                <a
                  href={`#${target}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(target)?.focus();
                  }}
                >
                  {message}
                </a>
              ) : (
                message
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import type { InputHTMLAttributes, ReactNode } from "react";
import { describedBy, FieldError } from "./field-error";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> {
  id: string;
  name: string;
  label: ReactNode;
  /** Shown under the label and read with the field (aria-describedby). */
  hint?: string;
  errors?: readonly string[] | undefined;
}

/** A labelled input whose hint and errors are tied to it, so screen readers announce them. */
export function TextField({ id, name, label, hint, errors, ...input }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} errors={errors} />
      <input
        id={id}
        name={name}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...input}
      />
    </div>
  );
}

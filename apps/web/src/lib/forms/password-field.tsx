import { useState, type InputHTMLAttributes, type ReactNode } from "react";
import { describedBy, FieldError } from "./field-error";

interface PasswordFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name" | "type"
> {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: readonly string[] | undefined;
  /**
   * For a new password, what follows the typing (the rules checklist, see password-rules.tsx,
   * kept out of this module so the login page does not load the shared schemas), given the
   * value and the id it must have to describe the input.
   */
  rules?: (value: string, id: string) => ReactNode;
}

/**
 * A labelled password input with a show/hide toggle (a button named "Show password" whose
 * `aria-pressed` says whether the password is shown) and, for a new password, the rules
 * it must meet, checked as the user types, before anything is sent.
 */
export function PasswordField({
  id,
  name,
  label,
  hint,
  errors,
  rules,
  onChange,
  ...input
}: PasswordFieldProps) {
  const [shown, setShown] = useState(false);
  const [value, setValue] = useState("");
  const hintId = hint ? `${id}-hint` : undefined;
  const rulesId = rules ? `${id}-rules` : undefined;
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
      <div className="input-group">
        <input
          id={id}
          name={name}
          type={shown ? "text" : "password"}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={describedBy(hintId, errorId, rulesId)}
          onChange={(event) => {
            setValue(event.currentTarget.value);
            onChange?.(event);
          }}
          {...input}
        />
        <button
          type="button"
          className="reveal"
          aria-pressed={shown}
          aria-controls={id}
          onClick={() => setShown((previous) => !previous)}
        >
          <EyeIcon crossed={shown} />
          <span className="visually-hidden">Show password</span>
        </button>
      </div>
      {rules && rulesId && rules(value, rulesId)}
    </div>
  );
}

function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
      <circle cx="12" cy="12" r="3.2" fill="none" stroke="currentColor" strokeWidth="1.8" />
      {crossed && (
        <path d="M4 4l16 16" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      )}
    </svg>
  );
}

/**
 * A field's error, at the field: above its input (under the label and hint), referenced by
 * the input's aria-describedby, and in a `role="alert"` region so it is announced when it
 * appears. The same for every field of every form.
 */
export function FieldError({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <p id={id} className="field-error" role="alert">
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <path d="M8 4.2v4.6" stroke="var(--surface)" strokeWidth="1.8" strokeLinecap="round" />
        <circle cx="8" cy="11.4" r="1" fill="var(--surface)" />
      </svg>
      {errors.join(" ")}
    </p>
  );
}

/** The ids an input is described by: its hint, its rules, its error, those it has. */
export function describedBy(...ids: Array<string | undefined>): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

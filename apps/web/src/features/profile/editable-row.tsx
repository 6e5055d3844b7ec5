import { useCallback, useId, useState, type ReactNode } from "react";

interface EditableRowProps {
  label: string;
  /** What the row shows while closed. */
  value: ReactNode;
  /** The opener's visible word ("Edit", "Change"); its name adds what it changes. */
  action: string;
  /** e.g. "name": the opener is then named "Edit name". None when `action` says it all. */
  subject?: string;
  /** The form, given the function that closes it again. */
  children: (close: () => void) => ReactNode;
}

/**
 * One line of the account details: a label, its value, and the action that opens the form to
 * change it. Forms stay out of the way until asked for; closing one (saved or cancelled)
 * puts the focus back on the button that opened it.
 */
export function EditableRow({ label, value, action, subject, children }: EditableRowProps) {
  const [open, setOpen] = useState(false);
  const openerId = useId();

  const close = useCallback(() => {
    setOpen(false);
    // After the form is gone and the button is back.
    requestAnimationFrame(() => document.getElementById(openerId)?.focus());
  }, [openerId]);

  return (
    <div className={open ? "row row-open" : "row"}>
      <dt>{label}</dt>
      <dd>
        {open ? (
          children(close)
        ) : (
          <div className="row-value">
            <span>{value}</span>
            <button
              id={openerId}
              type="button"
              className="button button-quiet"
              onClick={() => setOpen(true)}
            >
              {action}
              {subject && <span className="visually-hidden"> {subject}</span>}
            </button>
          </div>
        )}
      </dd>
    </div>
  );
}

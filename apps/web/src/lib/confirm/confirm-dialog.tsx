import {
  useEffect,
  useId,
  useRef,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { createPortal } from "react-dom";

export interface ConfirmDialogProps {
  /** The question, as the dialog's name: "Revoke this session?" */
  title: string;
  /**
   * What happens, in plain words; read as the dialog's description. It may hold fields
   * (the reason of a lock): they are part of the dialog's form, checked by the browser
   * before the confirm button goes through, and handed to `onConfirm`.
   */
  children: ReactNode;
  /** The button that does it: "Revoke", "Delete my account". */
  confirmLabel: string;
  cancelLabel?: string;
  /** A red button, for what cannot be undone or ends sessions (the default). */
  danger?: boolean;
  /**
   * The user said yes: the caller closes the dialog and runs the action, showing its
   * progress on the page (a step-up dialog may have to ask for the password first, and
   * this one must be gone by then).
   */
  onConfirm: (fields: FormData) => void;
  onCancel: () => void;
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Asks before an action that ends sessions or removes a way in. A modal dialog
 * (role="dialog", aria-modal) laid over the page: the app behind is inert while it is
 * open, Tab stays inside it, Escape and Cancel close it, and the focus starts on Cancel
 * (the safe choice), or on its first field when it asks for something, and goes back to
 * the button that opened it. Used by the security page, the profile and the admin console
 * alike.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  danger = true,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const app = document.getElementById("root");
    app?.setAttribute("inert", "");
    const field = formRef.current?.querySelector<HTMLElement>("input, select, textarea");
    (field ?? cancelRef.current)?.focus();
    return () => {
      app?.removeAttribute("inert");
      // Back where the user was, unless the action took that button away.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Escape") {
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key !== "Tab") return;
    const focusable = Array.from(dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []);
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onConfirm(new FormData(event.currentTarget));
  }

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        className="card dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{title}</h2>
        <form ref={formRef} onSubmit={onSubmit}>
          <div id={descriptionId} className="dialog-body">
            {children}
          </div>
          <div className="actions">
            <button type="submit" className={danger ? "button button-danger" : "button"}>
              {confirmLabel}
            </button>
            <button
              ref={cancelRef}
              type="button"
              className="button button-secondary"
              onClick={onCancel}
            >
              {cancelLabel}
            </button>
          </div>
        </form>
      </div>
    </div>,
    document.body,
  );
}

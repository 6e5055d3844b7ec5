import { createPortal } from "react-dom";
import {
  useEffect,
  useId,
  useRef,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from "react";

/**
 * Asks before an administrator's action: a modal `dialog` with what will happen, an optional
 * field or two (the lock's reason), the action's button and Cancel. The page behind is hidden
 * from assistive technology while it is open; Escape cancels; the first field (or the
 * action's button) takes the focus, which goes back to where it was once the dialog closes.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: (form: FormData) => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const textId = useId();
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const main = document.querySelector("main");
    main?.setAttribute("aria-hidden", "true");
    const first = form.current?.querySelector<HTMLElement>("input, button[type=submit]");
    first?.focus();
    return () => {
      main?.removeAttribute("aria-hidden");
      before?.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.stopPropagation();
      props.onCancel();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    props.onConfirm(new FormData(event.currentTarget));
  }

  return createPortal(
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={textId}
        className="card dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{props.title}</h2>
        <form ref={form} onSubmit={onSubmit}>
          <div id={textId}>{props.children}</div>
          <div className="actions">
            <button type="submit" className={props.danger ? "button button-danger" : "button"}>
              {props.confirmLabel}
            </button>
            <button type="button" className="button button-secondary" onClick={props.onCancel}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>,
    document.body,
  );
}

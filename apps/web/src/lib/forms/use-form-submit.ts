import { useEffect, useRef, useState, type FormEvent } from "react";
import type { Failure } from "../problem-message";

/**
 * Validates and sends a form's values; resolves to what went wrong, or null on success.
 * The work lives behind this function type so a page can load it on demand: see
 * `validate-and-send.ts` and the login page.
 */
export type Submit = (
  values: Record<string, string>,
  form: HTMLFormElement,
) => Promise<Failure | null>;

interface FormState {
  pending: boolean;
  /** Counts failures, so the error region can take focus again on each one. */
  attempt: number;
  failure: Failure | null;
}

const UNREACHABLE: Failure = {
  message: "Something went wrong. Check your connection and try again.",
  fieldErrors: {},
};

function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string") values[name] = value;
  }
  return values;
}

/** Pending state, one submission at a time, and the failure to show. */
export function useFormSubmit(submit: Submit) {
  const [state, setState] = useState<FormState>({ pending: false, attempt: 0, failure: null });
  const pending = useRef(false);
  const formRef = useRef<HTMLFormElement | null>(null);

  // Errors about fields only (nothing for the form as a whole): the first field that is
  // wrong takes the focus, and its error is read with it (aria-describedby).
  useEffect(() => {
    const failure = state.failure;
    if (!failure || failure.message || Object.keys(failure.fieldErrors).length === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state.attempt, state.failure]);

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending.current) return;
    pending.current = true;
    const form = event.currentTarget;
    formRef.current = form;
    setState((previous) => ({ ...previous, pending: true }));
    let failure: Failure | null;
    try {
      failure = await submit(formValues(form), form);
    } catch {
      // Only a chunk that failed to load gets here: request failures come back as a Failure.
      failure = UNREACHABLE;
    } finally {
      pending.current = false;
    }
    setState((previous) =>
      failure === null
        ? { ...previous, pending: false, failure: null }
        : { pending: false, attempt: previous.attempt + 1, failure },
    );
  }

  return {
    ...state,
    onSubmit,
    errorsFor: (field: string) => state.failure?.fieldErrors[field],
  };
}

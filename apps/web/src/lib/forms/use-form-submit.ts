import { toFieldErrors } from "@jwt-auth/shared";
import { useRef, useState, type FormEvent } from "react";
import type { z } from "zod";
import { describeFailure, type Failure, type MessageOverrides } from "../problem-message";

interface FormState {
  pending: boolean;
  /** Counts failures, so the error region can take focus again on each one. */
  attempt: number;
  failure: Failure | null;
}

function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string") values[name] = value;
  }
  return values;
}

/**
 * Submits a form through the same shared zod schema the API validates with: the browser
 * refuses what the server would refuse, with the same messages, and only valid values
 * reach `action`. A failed request becomes per-field errors or one friendly message.
 */
export function useFormSubmit<S extends z.ZodType>(
  schema: S,
  action: (values: z.output<S>, form: HTMLFormElement) => Promise<void>,
  overrides?: MessageOverrides,
) {
  const [state, setState] = useState<FormState>({ pending: false, attempt: 0, failure: null });
  const pending = useRef(false);

  function fail(failure: Failure): void {
    setState((previous) => ({ pending: false, attempt: previous.attempt + 1, failure }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (pending.current) return;
    const form = event.currentTarget;
    const parsed = schema.safeParse(formValues(form));
    if (!parsed.success) {
      fail({ message: null, fieldErrors: toFieldErrors(parsed.error) });
      return;
    }
    pending.current = true;
    setState((previous) => ({ ...previous, pending: true }));
    try {
      await action(parsed.data, form);
      setState((previous) => ({ ...previous, pending: false, failure: null }));
    } catch (error) {
      fail(describeFailure(error, overrides));
    } finally {
      pending.current = false;
    }
  }

  return {
    ...state,
    onSubmit,
    errorsFor: (field: string) => state.failure?.fieldErrors[field],
  };
}

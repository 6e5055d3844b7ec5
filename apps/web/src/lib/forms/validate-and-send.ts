import { toFieldErrors } from "@jwt-auth/shared";
import type { z } from "zod";
import { describeFailure, type Failure, type MessageOverrides } from "../problem-message";

/**
 * Runs a form's values through the same shared zod schema the API validates with, so the
 * browser refuses what the server would refuse, with the same messages; only valid values
 * reach `send`, and a failed request becomes per-field errors or one friendly message.
 */
export async function validateAndSend<S extends z.ZodType>(
  schema: S,
  values: Record<string, string>,
  send: (valid: z.output<S>) => Promise<void>,
  overrides?: MessageOverrides,
): Promise<Failure | null> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { message: null, fieldErrors: toFieldErrors(parsed.error) };
  try {
    await send(parsed.data);
    return null;
  } catch (error) {
    return describeFailure(error, overrides);
  }
}

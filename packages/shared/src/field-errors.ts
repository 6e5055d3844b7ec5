import type { z } from "zod";
import type { FieldErrors } from "./error-codes.js";

/**
 * Flattens a zod error into `{ "field": ["message", ...] }`, the shape the API sends in a
 * `validation_failed` problem and the shape the web forms display under each field.
 * Issues that are not about one field (a body that is not an object) land under `""`.
 */
export function toFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

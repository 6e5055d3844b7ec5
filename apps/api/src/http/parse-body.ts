import { toFieldErrors } from "@jwt-auth/shared";
import type { Request } from "express";
import type { z } from "zod";
import { AppError } from "./app-error.js";

/**
 * Validates the JSON body against a shared schema and returns the parsed value (emails
 * normalised, unknown fields dropped). Only what the schema names ever reaches a handler.
 */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const result = schema.safeParse(req.body);
  if (!result.success) {
    throw AppError.of("validation_failed", { errors: toFieldErrors(result.error) });
  }
  return result.data;
}

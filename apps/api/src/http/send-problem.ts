import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from "@jwt-auth/shared";
import type { Response } from "express";
import type { AppError } from "./app-error.js";

/** Writes an AppError as an RFC 9457 problem details document. */
export function sendProblem(res: Response, error: AppError): void {
  const body: ProblemDetails = {
    type: `urn:jwt-auth:problem:${error.code.replaceAll("_", "-")}`,
    title: error.title,
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
    ...(error.reason !== undefined ? { reason: error.reason } : {}),
    ...(error.until !== undefined ? { until: error.until } : {}),
  };
  res.status(error.status).set(error.headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

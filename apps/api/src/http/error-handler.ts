import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError } from "./app-error.js";
import { sendProblem } from "./send-problem.js";
import { DomainError } from "../errors/domain-error.js";
import { isPostgresConnectionError } from "../store/postgres-connection-errors.js";

/** Any route nobody answered: a problem+json 404, never Express's HTML page. */
export const notFound: RequestHandler = (_req, _res, next) => {
  next(AppError.of("not_found"));
};

/**
 * The one place errors become responses. Known errors keep their code; body-parser's
 * errors get theirs; everything else is logged in full and answered with a bare 500.
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const error = toAppError(err);
  if (error.status >= 500 && error.code === "internal_error") {
    req.log?.error({ err }, "unhandled error");
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendProblem(res, error);
};

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof DomainError) return AppError.from(err);
  const type = (err as { type?: unknown } | null)?.type;
  switch (type) {
    case "entity.too.large":
      return AppError.of("payload_too_large", {
        detail: "JSON bodies are limited to 100 kB",
      });
    case "entity.parse.failed":
      return AppError.of("malformed_json");
    case "encoding.unsupported":
    case "charset.unsupported":
      return AppError.of("unsupported_media_type", { detail: "Send UTF-8 encoded JSON" });
    case "request.aborted":
    case "request.size.invalid":
    case "stream.encoding.set":
      return AppError.of("malformed_json");
    default:
      break;
  }
  if (isDatabaseUnavailable(err))
    return AppError.of("service_unavailable", { headers: { "Retry-After": "5" } });
  return AppError.of("internal_error");
}

/** Connection-level failures of PostgreSQL or SQLite: the request may work again soon. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (isPostgresConnectionError(err)) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return (
    [
      "ECONNREFUSED",
      "ECONNRESET",
      "ETIMEDOUT",
      "EPIPE",
      "ENOTFOUND",
      "SQLITE_BUSY",
      "SQLITE_CANTOPEN",
      "SQLITE_IOERR",
    ].includes(code) ||
    code.startsWith("57P") || // admin shutdown, crash shutdown, cannot connect now
    code.startsWith("08") || // connection exceptions
    code === "53300" // too many connections
  );
}

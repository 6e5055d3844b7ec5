import type { ErrorCode } from "@jwt-auth/shared";
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
 * errors get theirs; any other error with a 4xx status keeps it; everything else is logged
 * in full and answered with a bare 500.
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
  const clientStatus = clientStatusOf(err);
  if (clientStatus !== undefined)
    // The client status stays; a status the table has no code for is a validation failure.
    return AppError.from(
      new DomainError(CLIENT_CODES[clientStatus] ?? "validation_failed"),
      clientStatus,
    );
  if (isDatabaseUnavailable(err))
    return AppError.of("service_unavailable", { headers: { "Retry-After": "5" } });
  return AppError.of("internal_error");
}

/** The problem code of a client status some library set on its error. */
const CLIENT_CODES: Partial<Record<number, ErrorCode>> = {
  400: "validation_failed",
  401: "token_invalid",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/**
 * The 4xx status an error carries (`status` or `statusCode`, the http-errors convention the
 * router, body-parser and most middleware follow): the request was at fault, so the answer
 * says so with that status instead of a 500. The message is not echoed: it may quote input.
 */
function clientStatusOf(err: unknown): number | undefined {
  if (err === null || typeof err !== "object") return undefined;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const value = typeof status === "number" ? status : statusCode;
  return typeof value === "number" && Number.isInteger(value) && value >= 400 && value < 500
    ? value
    : undefined;
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

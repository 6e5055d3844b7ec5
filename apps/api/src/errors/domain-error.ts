import type { ErrorCode, FieldErrors } from "@jwt-auth/shared";

/**
 * What a service throws when a request cannot be done for a reason the caller should
 * know: a stable `code` from the shared union and nothing about HTTP. The error handler
 * turns it into problem+json with the status that `problem-status.ts` gives the code.
 */
export class DomainError extends Error {
  override name = "DomainError";
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly errors: FieldErrors | undefined;
  /**
   * Why the session behind a refused refresh token ended, when the server ended it (a
   * `SessionEndReason`); with `account_locked`, the reason the administrator gave.
   */
  reason: string | undefined;
  /** With `account_locked`: when the lock ends (ISO time), or null while it has no end. */
  until: string | null | undefined;

  constructor(code: ErrorCode, detail?: string, errors?: FieldErrors) {
    super(detail ?? code);
    this.code = code;
    this.detail = detail;
    this.errors = errors;
  }
}

/** A rule about one field failed (a password on the common list): 400 with that field's message. */
export function fieldError(field: string, message: string): DomainError {
  return new DomainError("validation_failed", message, { [field]: [message] });
}

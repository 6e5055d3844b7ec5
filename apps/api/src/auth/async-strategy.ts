import type { Request } from "express";
import { Strategy } from "passport-strategy";
import { DomainError } from "../errors/domain-error.js";

/** Who a second-step strategy authenticated, and how (RFC 8176 `amr` values). */
export interface FactorLogin {
  userId: string;
  amr: string[];
}

/**
 * A Passport strategy around one async check of the request body. A DomainError becomes
 * a failure carrying its code (the route turns it into the problem); anything else is an
 * error. The body was already validated by the route's shared schema.
 */
export class AsyncStrategy extends Strategy {
  constructor(
    readonly name: string,
    private readonly check: (req: Request) => Promise<FactorLogin>,
  ) {
    super();
  }

  override authenticate(req: Request): void {
    this.check(req).then(
      (login) => this.success(login),
      (err: unknown) => {
        if (err instanceof DomainError) return this.fail({ code: err.code }, 401);
        this.error(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }
}

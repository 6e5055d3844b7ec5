import type { Request, RequestHandler } from "express";
import { DomainError } from "../errors/domain-error.js";

/** Whether an account's address is verified now, as its row says. */
export type EmailVerifiedCheck = (userId: string) => Promise<boolean>;

/** Where `createApp` leaves its check, for the guard on any route the app serves. */
const CHECK = "emailVerifiedCheck";

export function provideEmailVerifiedCheck(
  locals: Record<string, unknown>,
  check: EmailVerifiedCheck,
): void {
  locals[CHECK] = check;
}

/**
 * For the routes that only verified addresses may use: TOTP setup and enable, passkey options
 * and add, linking an identity, and an app's own (sending invitations, say). Put it after the
 * bearer check. The token's `email_verified` claim lets a verified user through at no cost.
 * When the claim says no, the account is read: the address may have been verified since the
 * token was signed (verify, then set up two-factor with the same token), and the rule is about
 * the account, not the token. Outside an app made by `createApp`, the claim alone decides.
 */
export const requireVerifiedEmail: RequestHandler = (req, _res, next) => {
  const user = req.user;
  if (user?.emailVerified) return next();
  const check = checkOf(req);
  if (!user || !check) return next(new DomainError("email_not_verified"));
  check(user.id).then(
    (verified) => next(verified ? undefined : new DomainError("email_not_verified")),
    next,
  );
};

function checkOf(req: Request): EmailVerifiedCheck | undefined {
  const check = (req.app?.locals as Record<string, unknown> | undefined)?.[CHECK];
  return typeof check === "function" ? (check as EmailVerifiedCheck) : undefined;
}

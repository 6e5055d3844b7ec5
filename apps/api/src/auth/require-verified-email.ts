import type { RequestHandler } from "express";
import { DomainError } from "../errors/domain-error.js";

/**
 * For an app's own routes that only verified addresses may use (sending invitations,
 * say): put it after the bearer check. It reads the token's `email_verified` claim, so it
 * costs no database read; a user who just verified gets the new claim on the next refresh.
 */
export const requireVerifiedEmail: RequestHandler = (req, _res, next) => {
  if (req.user?.emailVerified) return next();
  next(new DomainError("email_not_verified"));
};

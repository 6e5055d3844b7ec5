import type { AccountLock } from "@jwt-auth/shared";
import { DomainError } from "../errors/domain-error.js";

type LockColumns = {
  locked_at: number | null;
  locked_reason: string | null;
  locked_until: number | null;
};

/**
 * The lock that holds on an account at `now`, or null. A lock whose end has passed no
 * longer holds: it is read against the clock at every way in, so no job has to lift it.
 */
export function lockOf(user: LockColumns, now: number): AccountLock | null {
  if (user.locked_at === null) return null;
  if (user.locked_until !== null && user.locked_until <= now) return null;
  return {
    reason: user.locked_reason ?? "",
    until: user.locked_until === null ? null : new Date(user.locked_until).toISOString(),
  };
}

/** `403 account_locked`, carrying the administrator's reason and the lock's end. */
export function accountLocked(lock: AccountLock): DomainError {
  const refused = new DomainError("account_locked", "This account is locked");
  refused.reason = lock.reason;
  refused.until = lock.until;
  return refused;
}

/** Throws `account_locked` when a lock holds: the sign-in's `admit` and the refresh ask it. */
export function assertNotLocked(user: LockColumns, now: number): void {
  const lock = lockOf(user, now);
  if (lock) throw accountLocked(lock);
}

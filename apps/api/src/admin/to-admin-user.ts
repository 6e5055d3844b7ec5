import type { AdminUser } from "@jwt-auth/shared";
import type { AdminUserRow, UserFacts } from "../store/admin-store.js";
import { lockOf } from "../auth/account-lock.js";
import { rolesOf } from "../store/roles.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** A user row and the facts read beside it, as the administration API shows them. */
export function toAdminUser(
  row: AdminUserRow,
  facts: UserFacts,
  providerIdOf: (issuer: string) => string | undefined,
  now: number,
): AdminUser {
  const lastLogin = facts.lastLoginAt.get(row.id);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.email_verified_at !== null,
    roles: rolesOf(row),
    createdAt: iso(row.created_at),
    lastLoginAt: lastLogin === undefined ? null : iso(lastLogin),
    locked: lockOf(row, now),
    totpEnabled: facts.totpEnabled.has(row.id),
    passkeys: facts.passkeys.get(row.id) ?? 0,
    identities: (facts.identityIssuers.get(row.id) ?? []).map(
      (issuer) => providerIdOf(issuer) ?? issuer,
    ),
  };
}

import type { LinkedIdentity } from "@jwt-auth/shared";
import { createIdentityStore } from "../store/identity-store.js";
import type { Db } from "../store/db.js";

/** The user's linked identities, named by provider id (or by issuer once no longer configured). */
export async function listIdentities(
  db: Db,
  userId: string,
  providerIdOf: (issuer: string) => string | undefined,
): Promise<LinkedIdentity[]> {
  const rows = await createIdentityStore(db).listOfUser(userId);
  return rows.map((row) => ({
    id: row.id,
    provider: providerIdOf(row.issuer) ?? row.issuer,
    email: row.email,
    linkedAt: new Date(row.linked_at).toISOString(),
  }));
}

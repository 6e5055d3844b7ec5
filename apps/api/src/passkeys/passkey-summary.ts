import type { PasskeySummary } from "@jwt-auth/shared";
import type { PasskeyRow } from "../store/passkey-store.js";

/** What the API shows of a passkey: never its key material or counter. */
export function toPasskeySummary(row: PasskeyRow): PasskeySummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
  };
}

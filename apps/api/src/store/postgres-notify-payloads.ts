import type { RevocationEvent, RoleChange } from "./revocation-feed.js";

/**
 * PostgreSQL refuses a NOTIFY payload of 8000 bytes or more, and a logout-everywhere of a
 * user with many sessions can name more ids than fit. The event is split into payloads
 * that each stay well under the limit; each one is a complete event on its own.
 */
export const MAX_PAYLOAD_BYTES = 7_500;

export function encodeRevocation(event: RevocationEvent, maxBytes = MAX_PAYLOAD_BYTES): string[] {
  const payloads: string[] = [];
  let ids: string[] = [];
  const encode = (sessionIds: string[]) =>
    JSON.stringify({ sessionIds, revokedAt: event.revokedAt });
  for (const id of event.sessionIds) {
    if (ids.length > 0 && Buffer.byteLength(encode([...ids, id])) > maxBytes) {
      payloads.push(encode(ids));
      ids = [];
    }
    ids.push(id);
  }
  if (ids.length > 0) payloads.push(encode(ids));
  // A role change names one user and at most a few roles: it travels in a payload of its own.
  for (const change of event.roleChanges ?? []) {
    payloads.push(
      JSON.stringify({ sessionIds: [], revokedAt: event.revokedAt, roleChanges: [change] }),
    );
  }
  return payloads;
}

/** Anyone who can connect may NOTIFY on the channel, so a payload is checked, not trusted. */
export function decodeRevocation(payload: string | undefined): RevocationEvent | undefined {
  if (!payload) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const { sessionIds, revokedAt, roleChanges } = (value ?? {}) as Record<string, unknown>;
  if (!Array.isArray(sessionIds) || !sessionIds.every((id) => typeof id === "string"))
    return undefined;
  if (typeof revokedAt !== "number" || !Number.isFinite(revokedAt)) return undefined;
  if (roleChanges === undefined) return { sessionIds: sessionIds as string[], revokedAt };
  if (!Array.isArray(roleChanges) || !roleChanges.every(isRoleChange)) return undefined;
  return { sessionIds: sessionIds as string[], revokedAt, roleChanges };
}

function isRoleChange(value: unknown): value is RoleChange {
  const { userId, roles } = (value ?? {}) as Record<string, unknown>;
  return (
    typeof userId === "string" &&
    Array.isArray(roles) &&
    roles.every((role) => typeof role === "string")
  );
}

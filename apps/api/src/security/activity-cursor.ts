/**
 * The `before` cursor of the activity log: the (at, id) of the last event of a page,
 * base64url-encoded so clients treat it as opaque. Keyset paging on (at desc, id desc)
 * stays as fast on page 1,000 as on page 1, and an event written meanwhile never shifts
 * a page the way an offset would.
 */
export interface ActivityPosition {
  at: number;
  id: string;
}

export function encodeActivityCursor(position: ActivityPosition): string {
  return Buffer.from(`${position.at}:${position.id}`, "utf8").toString("base64url");
}

/** The position a cursor names, or undefined for anything this API did not write. */
export function decodeActivityCursor(cursor: string): ActivityPosition | undefined {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^(\d{1,16}):([A-Za-z0-9-]{1,64})$/.exec(text);
  if (!match) return undefined;
  return { at: Number(match[1]), id: match[2]! };
}

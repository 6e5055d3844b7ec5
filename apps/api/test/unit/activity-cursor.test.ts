import { describe, expect, it } from "vitest";
import { decodeActivityCursor, encodeActivityCursor } from "../../src/security/activity-cursor.js";

describe("activity cursor", () => {
  it("round-trips the position of the last event of a page", () => {
    const position = { at: 1_733_000_000_123, id: "0b7c5a3e-6f0e-4a51-9b1c-2f3d4e5f6a7b" };
    expect(decodeActivityCursor(encodeActivityCursor(position))).toEqual(position);
  });

  it("when the cursor was not written by the API, then it names no position", () => {
    for (const cursor of ["", "abc", Buffer.from("1:2:3").toString("base64url"), "x".repeat(50)]) {
      expect(decodeActivityCursor(cursor)).toBeUndefined();
    }
  });
});

import { describe, expect, it } from "vitest";
import { createArgon2Slots } from "../../src/auth/argon2-slots.js";

describe("argon2 slots", () => {
  it("when more tasks arrive than there are slots, then no more than that run at once and every one finishes, in arrival order", async () => {
    const inSlot = createArgon2Slots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const tasks = Array.from({ length: 5 }, (_, i) =>
      inSlot(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        return i;
      }),
    );
    // Let each started task finish, one at a time, until all five have run.
    while (started.length < 5 || releases.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it("when a task fails, then its slot is given back", async () => {
    const inSlot = createArgon2Slots(1);
    await expect(inSlot(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(inSlot(async () => "next")).resolves.toBe("next");
  });
});

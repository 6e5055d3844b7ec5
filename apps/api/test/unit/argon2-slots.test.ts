import { describe, expect, it } from "vitest";
import { hash } from "@node-rs/argon2";
import { createArgon2Slots, SlotsBusyError } from "../../src/auth/argon2-slots.js";
import { ARGON2ID_OWASP } from "../../src/auth/password-hasher.js";

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

describe("argon2 slots when overloaded", () => {
  const held = () => {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    return { done, release };
  };

  it("when the queue is full, then the next task is refused at once with a 503 and Retry-After, and runs again once there is room", async () => {
    const inSlot = createArgon2Slots(1, { maxQueue: 1 });
    const gate = held();
    const running = inSlot(() => gate.done);
    const queued = inSlot(async () => "queued");

    const refused = inSlot(async () => "never");
    await expect(refused).rejects.toBeInstanceOf(SlotsBusyError);
    await expect(refused).rejects.toMatchObject({
      status: 503,
      code: "service_unavailable",
      headers: { "Retry-After": expect.stringMatching(/^[1-9]\d*$/) },
    });

    gate.release();
    await running;
    await expect(queued).resolves.toBe("queued");
    await expect(inSlot(async () => "again")).resolves.toBe("again");
  });

  it("when the expected wait (queue times the recent hash time) is over the bound, then a task is refused though the queue has room", async () => {
    const inSlot = createArgon2Slots(1, { maxWaitMs: 1, maxQueue: 100 });
    // One real hash teaches the slots how long a hash takes (tens of milliseconds).
    await inSlot(() => hash("a password", ARGON2ID_OWASP));
    const gate = held();
    const running = inSlot(() => gate.done);
    await expect(inSlot(async () => "never")).rejects.toBeInstanceOf(SlotsBusyError);
    gate.release();
    await running;
  });
});

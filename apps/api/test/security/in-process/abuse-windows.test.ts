import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, uniqueEmail } from "../support/client.js";
import { expectProblem } from "../support/expect-problem.js";
import { startInProcess, type InProcessTarget } from "../support/target.js";

// Two properties of the limits that a URL target cannot show: one needs TRUST_PROXY at its
// default, the other a window short enough to wait out. Both run in-process.
describe("abuse limits, in-process", () => {
  describe("with TRUST_PROXY at its default (false)", () => {
    let target: InProcessTarget;
    beforeAll(async () => {
      target = await startInProcess({
        env: { TRUST_PROXY: "false" },
        overrides: { rateLimits: { policies: { loginByIp: { windowMs: 60_000, limit: 3 } } } },
      });
    });
    afterAll(() => target?.close());

    it("when a client writes a new X-Forwarded-For on every attempt, then it is still one address and its budget runs out", async () => {
      for (let i = 0; i < 3; i++) {
        expectProblem(
          await new Client(target).login(uniqueEmail(), "guess-123"),
          401,
          "invalid_credentials",
        );
      }
      expectProblem(
        await new Client(target).login(uniqueEmail(), "guess-123"),
        429,
        "rate_limited",
      );
    });
  });

  describe("with a short fixed window", () => {
    let target: InProcessTarget;
    const windowMs = 1500;
    beforeAll(async () => {
      target = await startInProcess({
        overrides: { rateLimits: { policies: { loginByAccount: { windowMs, limit: 2 } } } },
      });
    });
    afterAll(() => target?.close());

    it("when the window of a locked account ends, then its owner logs in again: a lock is never permanent", async () => {
      const victim = await new Client(target).register();
      for (let i = 0; i < 3; i++) await new Client(target).login(victim.email, "guess-123");
      const owner = new Client(target);
      const locked = await owner.login(victim.email, victim.password);
      expectProblem(locked, 429, "rate_limited");
      expect(Number(locked.headers.get("retry-after"))).toBeLessThanOrEqual(windowMs / 1000 + 1);

      // Wait for the condition, not for a fixed time: retry until the window has passed. The
      // retries themselves are refused attempts, and the window still ends on time (fixed).
      const started = Date.now();
      let status = locked.status;
      while (status === 429 && Date.now() - started < windowMs * 4) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await owner.login(victim.email, victim.password)).status;
      }
      expect(status).toBe(200);
      expect(Date.now() - started).toBeLessThan(windowMs * 4);
    });
  });
});

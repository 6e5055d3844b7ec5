import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RateLimitPolicy } from "../../src/http/rate-limits.js";
import { Client, uniqueEmail, type Reply } from "./support/client.js";
import { expectProblem } from "./support/expect-problem.js";
import { startTarget, type Target } from "./support/target.js";

// OWASP Authentication and Credential Stuffing cheat sheets, ASVS 5.0 V6.3.1: online
// guessing is bounded per account and per client address. In-process the budgets are
// small so this runs fast; a URL target is held to the code's defaults (the budgets are
// read from the same table, so each test spends exactly the budget plus one).
describe("abuse limits", () => {
  let target: Target;

  beforeAll(async () => {
    target = await startTarget({
      overrides: {
        rateLimits: {
          policies: {
            loginByAccount: { windowMs: 60_000, limit: 3 },
            loginByIp: { windowMs: 60_000, limit: 5 },
            register: { windowMs: 60_000, limit: 4 },
            refresh: { windowMs: 60_000, limit: 6 },
          },
        },
      },
    });
  });
  afterAll(() => target?.close());

  const expectRateLimited = (reply: Reply, policy: RateLimitPolicy) => {
    expectProblem(reply, 429, "rate_limited");
    const retryAfter = Number(reply.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.min(3600, policy.windowMs / 1000));
  };

  /** Runs `times` requests, a few at a time, and returns their replies in order. */
  const inBatches = async (times: number, send: (i: number) => Promise<Reply>, size = 4) => {
    const replies: Reply[] = [];
    for (let i = 0; i < times; i += size) {
      replies.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(size, times - i) }, (_, j) => send(i + j)),
        )),
      );
    }
    return replies;
  };

  describe("failed logins per account", () => {
    it("when they come from ever-changing addresses (rotating X-Forwarded-For), then the account's budget still runs out", async () => {
      const policy = target.policies.loginByAccount;
      const victim = await new Client(target).register();
      const replies = await inBatches(policy.limit, () =>
        new Client(target).login(victim.email, "guess-123"),
      );
      expect(replies.map((r) => r.status)).toEqual(replies.map(() => 401));
      expectRateLimited(await new Client(target).login(victim.email, "guess-456"), policy);
      // The budget is the account's, whoever asks: even the right password waits.
      expectRateLimited(await new Client(target).login(victim.email, victim.password), policy);
      // Other accounts are untouched.
      const bystander = await new Client(target).register();
      expect((await new Client(target).login(bystander.email, bystander.password)).status).toBe(
        200,
      );
    });

    it("when an account is locked, then its owner on a device holding one of its live sessions still logs in", async () => {
      const policy = target.policies.loginByAccount;
      const owner = new Client(target);
      const victim = await owner.register();
      await inBatches(policy.limit + 1, () => new Client(target).login(victim.email, "guess-123"));
      expectRateLimited(await owner.login(victim.email, victim.password), policy);

      // The refresh cookie is sent to /api/auth/* anyway: it proves a device that has logged
      // in to this very account, so its attempts are counted apart from the attacker's.
      const login = await owner.login(victim.email, victim.password, {
        refreshToken: victim.refreshToken,
      });
      expect(login.status).toBe(200);
      expect(login.body.user.id).toBe(victim.id);
    });

    it("when the cookie presented is of another account, already rotated, or logged out, then the lock holds", async () => {
      const policy = target.policies.loginByAccount;
      const victim = await new Client(target).register();
      const attacker = new Client(target);
      const own = await attacker.register();
      const rotated = await attacker.register();
      const rotatedTo = await attacker.refresh(rotated.refreshToken);
      expect(rotatedTo.status).toBe(200);
      const loggedOut = await attacker.login(victim.email, victim.password);
      expect(
        (await attacker.post(apiPaths.logout, { refreshToken: loggedOut.refreshToken! })).status,
      ).toBe(204);

      await inBatches(policy.limit + 1, () => new Client(target).login(victim.email, "guess-123"));
      for (const refreshToken of [
        own.refreshToken,
        rotated.refreshToken,
        loggedOut.refreshToken!,
        "A".repeat(43),
      ]) {
        expectRateLimited(
          await attacker.login(victim.email, victim.password, { refreshToken }),
          policy,
        );
      }
    });
  });

  describe("password changes", () => {
    it("when a stolen access token is used from many addresses to guess the current password, then its session's budget runs out", async () => {
      const policy = target.policies.loginByAccount;
      const owner = new Client(target);
      const victim = await owner.register();
      const guess = (client: Client, currentPassword: string) =>
        client.post(apiPaths.password, {
          bearer: victim.accessToken,
          json: { currentPassword, newPassword: "taken over 123" },
        });
      const replies = await inBatches(policy.limit, (i) => guess(new Client(target), `guess-${i}`));
      expect(replies.every((r) => r.status === 401 && r.body.code === "invalid_credentials")).toBe(
        true,
      );
      expectRateLimited(await guess(new Client(target), "guess-x"), policy);
      expectRateLimited(await guess(new Client(target), victim.password), policy);
      // The owner's other session is not held back by the stolen one.
      const other = await owner.login(victim.email, victim.password);
      const change = await owner.post(apiPaths.password, {
        bearer: other.body.accessToken,
        json: { currentPassword: victim.password, newPassword: "owner's new password" },
      });
      expect(change.status).toBe(204);
    });
  });

  describe("per client address", () => {
    it("when one address fails logins across many accounts, then that address is limited and another is not", async () => {
      const policy = target.policies.loginByIp;
      const sprayer = new Client(target);
      const replies = await inBatches(policy.limit, () =>
        sprayer.login(uniqueEmail("spray"), "Password1!"),
      );
      expect(replies.every((r) => r.status === 401)).toBe(true);
      expectRateLimited(await sprayer.login(uniqueEmail("spray"), "Password1!"), policy);
      expectProblem(
        await new Client(target).login(uniqueEmail("spray"), "Password1!"),
        401,
        "invalid_credentials",
      );
    });

    it("when one address registers too often, then it is limited and nothing more is created", async () => {
      const policy = target.policies.register;
      const farm = new Client(target);
      // Every attempt counts, valid or not: the budget is for tries, not for accounts.
      const replies = await inBatches(
        policy.limit,
        () => farm.post(apiPaths.register, { json: {} }),
        10,
      );
      expect(replies.every((r) => r.status === 400)).toBe(true);
      const email = uniqueEmail("farm");
      expectRateLimited(
        await farm.post(apiPaths.register, {
          json: { email, password: "long enough 1", name: "Bot" },
        }),
        policy,
      );
      expectProblem(
        await new Client(target).login(email, "long enough 1"),
        401,
        "invalid_credentials",
      );
      expect((await new Client(target).post(apiPaths.register, { json: {} })).status).toBe(400);
    });

    it("when one address refreshes too often, then it is limited even with a valid cookie", async () => {
      const policy = target.policies.refresh;
      const user = await new Client(target).register();
      const hammer = new Client(target);
      const replies = await inBatches(policy.limit, () => hammer.post(apiPaths.refresh), 10);
      expect(replies.every((r) => r.status === 401)).toBe(true);
      expectRateLimited(await hammer.refresh(user.refreshToken), policy);
      expect((await new Client(target).refresh(user.refreshToken)).status).toBe(200);
    });
  });
});

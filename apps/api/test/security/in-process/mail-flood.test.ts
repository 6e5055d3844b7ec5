import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailTo } from "../../accounts/mailbox.js";
import { holdsFor, waitFor } from "../../postgres/wait-for.js";
import { Client, uniqueEmail, type Account } from "../support/client.js";
import { expectProblem } from "../support/expect-problem.js";
import { startInProcess, type InProcessTarget } from "../support/target.js";

// Mail was limited per client address only: a botnet (or one client spoofing nothing but
// many addresses) could fill one inbox with reset links, verification mail or change
// requests. Every request that mails someone now also counts against its recipient.
describe("one inbox, flooded from many client addresses", () => {
  let target: InProcessTarget;
  let limit: number;

  beforeAll(async () => {
    target = await startInProcess();
    limit = target.policies.mailByRecipient.limit;
  });
  afterAll(() => target?.close());

  const resetMails = async (email: string) =>
    (await mailTo(target.app, email)).filter((mail) => /reset-password#token=/.test(mail.text));

  it("when forgot-password is asked for one address from many clients, then past the limit it still answers 202 but mails nothing", async () => {
    const victim = await new Client(target).register();
    // The address as an attacker varies it: case and spaces are normalised to one inbox.
    const spellings = [victim.email, victim.email.toUpperCase(), `  ${victim.email}  `];
    for (let i = 0; i < limit; i++) {
      const reply = await new Client(target).post(apiPaths.passwordForgot, {
        json: { email: spellings[i % spellings.length] },
      });
      expect(reply.status).toBe(202);
    }
    await waitFor(async () => (await resetMails(victim.email)).length === limit, {
      what: `${limit} reset mails`,
    });

    const over = await new Client(target).post(apiPaths.passwordForgot, {
      json: { email: victim.email.toUpperCase() },
    });
    const nobody = await new Client(target).post(apiPaths.passwordForgot, {
      json: { email: uniqueEmail("nobody") },
    });
    // The same answer as for an address with no account: nothing to tell them apart.
    expect([over.status, over.text]).toEqual([202, ""]);
    expect([nobody.status, nobody.text]).toEqual([over.status, over.text]);
    // The reset is queued after the answer: the count must stay where it was meanwhile.
    await holdsFor(
      async () => (await resetMails(victim.email)).length === limit,
      1_000,
      "no reset mail past the limit",
    );
  });

  it("when many users ask to move to one new address, then past the limit it is 429", async () => {
    const inbox = uniqueEmail("inbox");
    const users: Array<[Client, Account]> = [];
    for (let i = 0; i <= limit; i++) {
      const client = new Client(target);
      users.push([client, await client.register()]);
    }
    for (const [client, user] of users.slice(0, limit)) {
      const reply = await client.post(apiPaths.changeEmail, {
        json: { newEmail: inbox },
        bearer: user.accessToken,
      });
      expect(reply.status, reply.text).toBe(202);
    }
    const [client, user] = users[limit]!;
    const over = await client.post(apiPaths.changeEmail, {
      json: { newEmail: inbox.toUpperCase() },
      bearer: user.accessToken,
    });
    expectProblem(over, 429, "rate_limited");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("when one account's verification mail is resent from many clients, then past the limit it is 429", async () => {
    const user = await new Client(target).register();
    for (let i = 0; i < limit; i++) {
      const reply = await new Client(target).post(apiPaths.verifyEmailResend, {
        bearer: user.accessToken,
      });
      expect(reply.status, reply.text).toBe(202);
    }
    const over = await new Client(target).post(apiPaths.verifyEmailResend, {
      bearer: user.accessToken,
    });
    expectProblem(over, 429, "rate_limited");
    // Another account's budget is its own.
    const other = await new Client(target).register();
    const fine = await new Client(target).post(apiPaths.verifyEmailResend, {
      bearer: other.accessToken,
    });
    expect(fine.status).toBe(202);
  });
});

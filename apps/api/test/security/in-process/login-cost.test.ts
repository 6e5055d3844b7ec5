import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPasswordHasher, type PasswordHasher } from "../../../src/auth/password-hasher.js";
import { Client, uniqueEmail } from "../support/client.js";
import { expectProblem } from "../support/expect-problem.js";
import { startInProcess, type InProcessTarget } from "../support/target.js";

// OWASP Authentication cheat sheet: a login must not reveal, by its timing, whether the
// account exists. The time itself is a figure and belongs to `npm run bench` (login case:
// unknown email vs wrong password); what a test can hold on a busy machine is the cause of
// equal times: both paths do the same work, one real argon2id verification. It needs the
// server's hasher, so this file runs in-process only.
describe("the work a failed login does", () => {
  let target: InProcessTarget;
  let client: Client;
  let real: PasswordHasher;
  const verifications: Array<{ against: "a stored hash" | "the dummy hash"; ok: boolean }> = [];

  beforeAll(async () => {
    real = await createPasswordHasher();
    // The real hasher, with each verification it runs written down.
    const counting: PasswordHasher = {
      hash: (password) => real.hash(password),
      async verify(stored, password) {
        const ok = await real.verify(stored, password);
        verifications.push({ against: stored ? "a stored hash" : "the dummy hash", ok });
        return ok;
      },
    };
    target = await startInProcess({ overrides: { hasher: counting } });
    client = new Client(target);
  });
  afterAll(() => target?.close());

  it("when the email is unknown or the password wrong, then each runs exactly one argon2id verification", async () => {
    const user = await client.register();
    verifications.length = 0;
    expectProblem(
      await client.login(uniqueEmail("nobody"), user.password),
      401,
      "invalid_credentials",
    );
    expect(verifications).toEqual([{ against: "the dummy hash", ok: false }]);

    verifications.length = 0;
    expectProblem(await client.login(user.email, `${user.password}!`), 401, "invalid_credentials");
    expect(verifications).toEqual([{ against: "a stored hash", ok: false }]);
  });

  it("when an unknown email comes with the dummy hash's own password, then it still fails", async () => {
    // The dummy hash is a real argon2id hash of a real password: verifying against it must
    // never turn into a login for an account that does not exist.
    expect(await real.verify(undefined, "dummy password that no account has")).toBe(false);
    expectProblem(
      await client.login(uniqueEmail("nobody"), "dummy password that no account has"),
      401,
      "invalid_credentials",
    );
  });
});

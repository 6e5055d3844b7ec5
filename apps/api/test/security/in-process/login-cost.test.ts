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

  beforeAll(async () => {
    // The real hasher, which counts the argon2id verifications it hands to @node-rs/argon2:
    // a hasher that skipped the dummy hash for an unknown email would count none.
    real = await createPasswordHasher();
    target = await startInProcess({ overrides: { hasher: real } });
    client = new Client(target);
  });
  afterAll(() => target?.close());

  /** The argon2id verifications `act` caused. */
  const verificationsOf = async (act: () => Promise<unknown>) => {
    const before = real.argon2Verifications();
    await act();
    return real.argon2Verifications() - before;
  };

  it("when the email is unknown or the password wrong, then each runs exactly one argon2id verification", async () => {
    const user = await client.register();
    expect(
      await verificationsOf(async () =>
        expectProblem(
          await client.login(uniqueEmail("nobody"), user.password),
          401,
          "invalid_credentials",
        ),
      ),
    ).toBe(1);
    expect(
      await verificationsOf(async () =>
        expectProblem(
          await client.login(user.email, `${user.password}!`),
          401,
          "invalid_credentials",
        ),
      ),
    ).toBe(1);
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

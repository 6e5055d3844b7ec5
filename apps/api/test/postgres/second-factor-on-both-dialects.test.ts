import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enableTotp, totpCode } from "../support/totp.js";
import { registerVerifiedUser, startTestApp, type TestApp } from "../support/test-app.js";
import { createTestDatabase, DIALECTS } from "./test-database.js";

const STEP = 30_000;

// The second step of a login spends an attempt and checks the code in one transaction: the
// conditional UPDATE … RETURNING is the lock on both stores, whatever arrives at once.
describe.each(DIALECTS)("the second factor's store on %s", (dialect) => {
  let place: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let clock = Date.now();

  beforeAll(async () => {
    place = await createTestDatabase(dialect);
    app = await startTestApp({ databaseUrl: place.url, overrides: { now: () => clock } });
  });
  afterAll(async () => {
    await app?.close();
    await place?.drop();
  });

  const withTotp = async () => {
    const user = await registerVerifiedUser(app);
    const { secret } = await enableTotp(app, user, clock);
    clock += STEP;
    const step = await app.http
      .post(apiPaths.login)
      .send({ email: user.email, password: user.password })
      .expect(200);
    return { user, secret, mfaToken: step.body.mfaToken as string };
  };
  const secondStep = (mfaToken: string, code: string) =>
    app.http.post(apiPaths.loginMfa).send({ mfaToken, code });
  const failures = async (userId: string) =>
    (
      await app.deps.database.db
        .selectFrom("activity_events")
        .select("type")
        .where("user_id", "=", userId)
        .where("type", "=", "mfa_failed")
        .execute()
    ).length;

  it("when 8 wrong codes arrive at once, then exactly 5 are counted and the token is dead for the right one", async () => {
    const { user, secret, mfaToken } = await withTotp();
    const right = totpCode(secret, clock);
    const wrong = right === "000000" ? "111111" : "000000";
    const answers = await Promise.all(Array.from({ length: 8 }, () => secondStep(mfaToken, wrong)));
    const codes = answers.map((res) => res.body.code as string).sort();
    expect(codes).toEqual([
      ...Array(5).fill("invalid_mfa_code"),
      ...Array(3).fill("invalid_mfa_token"),
    ]);
    expect(await failures(user.id)).toBe(5);
    const late = await secondStep(mfaToken, right);
    expect(late.status).toBe(401);
    expect(late.body.code).toBe("invalid_mfa_token");
  });

  it("when the right code is sent 4 times at once with one token, then exactly one session starts", async () => {
    const { user, secret, mfaToken } = await withTotp();
    const code = totpCode(secret, clock);
    const answers = await Promise.all(Array.from({ length: 4 }, () => secondStep(mfaToken, code)));
    expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
    const sessions = await app.deps.database.db
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", user.id)
      .execute();
    // The registration's session and the one the second step started.
    expect(sessions).toHaveLength(2);
  });
});

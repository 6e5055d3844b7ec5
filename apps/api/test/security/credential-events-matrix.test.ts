import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { linkTokensFor, waitForLink } from "../accounts/mailbox.js";
import { createTestSchema, type TestSchema } from "../postgres/test-database.js";
import { enableTotp } from "../support/totp.js";
import {
  bearer,
  cookie,
  refreshCookieOf,
  registerUser,
  registerVerifiedUser,
  startTestApp,
  uniqueEmail,
  type RegisteredUser,
  type TestApp,
} from "../support/test-app.js";

/**
 * Every credential event against everything a user can have pending when it happens, on
 * both stores: what must die dies, what must survive survives. The expectations are written
 * out here, row by row, apart from the table the code applies
 * (src/credentials/credential-rules.ts): a change to one without the other fails this test.
 */
type Pending = "resetLink" | "emailChangeLink" | "mfaToken" | "challenge" | "otherSession";
type Outcome = "dies" | "lives" | "n/a";

interface Row {
  event: string;
  /** Runs the event through the API as the acting session (`actor`), fresh. */
  run: (world: World) => Promise<void>;
  expect: Record<Pending, Outcome> & { actingSession: "lives" | "dies" };
}

interface World {
  app: TestApp;
  user: RegisteredUser;
  /** The latest mailed links, read before the event. */
  links: { reset: string; emailChange: string; cancel: string };
}

const NEW_PASSWORD = "a brand new passphrase";

const rows: Row[] = [
  {
    event: "password reset",
    run: async ({ app, links }) => {
      await app.http
        .post("/api/auth/password/reset")
        .send({ token: links.reset, newPassword: NEW_PASSWORD })
        .expect(204);
    },
    expect: {
      resetLink: "n/a",
      emailChangeLink: "dies",
      mfaToken: "dies",
      challenge: "dies",
      otherSession: "dies",
      actingSession: "dies",
    },
  },
  {
    event: "password change",
    run: async ({ app, user }) => {
      await app.http
        .post("/api/user/password")
        .set(bearer(user.accessToken))
        .send({ currentPassword: user.password, newPassword: NEW_PASSWORD })
        .expect(204);
    },
    expect: {
      resetLink: "dies",
      emailChangeLink: "dies",
      mfaToken: "dies",
      challenge: "dies",
      otherSession: "dies",
      actingSession: "lives",
    },
  },
  {
    event: "email change confirmed",
    run: async ({ app, links }) => {
      await app.http.post("/api/auth/email/confirm").send({ token: links.emailChange }).expect(200);
    },
    expect: {
      resetLink: "dies",
      emailChangeLink: "n/a",
      mfaToken: "dies",
      challenge: "dies",
      otherSession: "lives",
      actingSession: "lives",
    },
  },
  {
    event: "email change cancelled",
    run: async ({ app, links }) => {
      await app.http.post("/api/auth/email/cancel").send({ token: links.cancel }).expect(204);
    },
    expect: {
      resetLink: "dies",
      emailChangeLink: "dies",
      mfaToken: "dies",
      challenge: "dies",
      otherSession: "dies",
      actingSession: "dies",
    },
  },
  {
    event: "logout-all",
    run: async ({ app, user }) => {
      await app.http.post("/api/auth/logout-all").set(bearer(user.accessToken)).expect(204);
    },
    expect: {
      resetLink: "dies",
      emailChangeLink: "dies",
      mfaToken: "dies",
      challenge: "dies",
      otherSession: "dies",
      actingSession: "dies",
    },
  },
  {
    event: "revoke-others",
    run: async ({ app, user }) => {
      await app.http
        .post("/api/user/sessions/revoke-others")
        .set(bearer(user.accessToken))
        .expect(204);
    },
    expect: {
      resetLink: "dies",
      emailChangeLink: "dies",
      mfaToken: "dies",
      challenge: "dies",
      otherSession: "dies",
      actingSession: "lives",
    },
  },
  {
    event: "TOTP turned off",
    run: async ({ app, user }) => {
      await app.http.delete("/api/user/mfa/totp").set(bearer(user.accessToken)).expect(204);
    },
    expect: {
      resetLink: "lives",
      emailChangeLink: "lives",
      mfaToken: "dies",
      challenge: "lives",
      otherSession: "lives",
      actingSession: "lives",
    },
  },
  {
    event: "backup codes regenerated",
    run: async ({ app, user }) => {
      await app.http.post("/api/user/mfa/backup-codes").set(bearer(user.accessToken)).expect(200);
    },
    expect: {
      resetLink: "lives",
      emailChangeLink: "lives",
      mfaToken: "dies",
      challenge: "lives",
      otherSession: "lives",
      actingSession: "lives",
    },
  },
];

const STORES = [
  { name: "SQLite", schema: false },
  { name: "PostgreSQL", schema: true },
] as const;

describe.each(STORES)("credential events x pending things, on $name", ({ schema }) => {
  let clock = Date.now();
  let app: TestApp;
  let place: TestSchema | undefined;

  beforeAll(async () => {
    place = schema ? await createTestSchema() : undefined;
    app = await startTestApp({
      overrides: { now: () => clock },
      ...(place ? { databaseUrl: place.url } : {}),
    });
  });
  afterAll(async () => {
    await app?.close();
    await place?.drop();
  });
  beforeEach(() => {
    clock = Date.now();
  });

  /** A user with TOTP on, one more session (through a backup code), and one of each pending thing. */
  async function arrange() {
    const user = await registerVerifiedUser(app);
    const { backupCodes } = await enableTotp(app, user, clock);
    clock += 30_000;

    const passwordStep = async () =>
      (
        await app.http
          .post("/api/auth/login")
          .send({ email: user.email, password: user.password })
          .expect(200)
      ).body.mfaToken as string;
    const other = await app.http
      .post("/api/auth/login/mfa")
      .send({ mfaToken: await passwordStep(), code: backupCodes[0] })
      .expect(200);
    const otherRefresh = refreshCookieOf(other.headers["set-cookie"])!;

    const newEmail = uniqueEmail("moved");
    await app.http
      .post("/api/user/email")
      .set(bearer(user.accessToken))
      .send({ newEmail })
      .expect(202);
    await app.http.post("/api/auth/password/forgot").send({ email: user.email }).expect(202);
    const reset = await waitForLink(app, user.email, "reset-password");
    const emailChange = (await linkTokensFor(app, newEmail, "confirm-email"))[0]!;
    const cancel = (await cancelTokensFor(app, user.email))[0]!;

    await app.http.post("/api/user/passkeys/options").set(bearer(user.accessToken)).expect(200);
    const mfaToken = await passwordStep();
    return { user, backupCodes, otherRefresh, mfaToken, links: { reset, emailChange, cancel } };
  }

  it.each(rows)("$event", async (row) => {
    const { user, backupCodes, otherRefresh, mfaToken, links } = await arrange();
    expect(await challengesOf(app, user.id)).toBe(1);

    await row.run({ app, user, links });

    const linkState = async (purpose: string, expected: Outcome): Promise<Outcome> =>
      expected === "n/a" ? "n/a" : (await linksOf(app, user.id, purpose)) > 0 ? "lives" : "dies";
    const observed: Record<Pending, Outcome> & { actingSession: "lives" | "dies" } = {
      // A link is looked up by its row: no row, a dead link (the attack tests spend them).
      resetLink: await linkState("password_reset", row.expect.resetLink),
      emailChangeLink: await linkState("email_change", row.expect.emailChangeLink),
      // A backup code the event left alone (regenerating them kills the codes, not the token).
      mfaToken: await mfaTokenOutcome(app, mfaToken, backupCodes[1]!),
      challenge: (await challengesOf(app, user.id)) === 1 ? "lives" : "dies",
      otherSession: await outcomeOf(
        app.http.post("/api/auth/refresh").set(cookie(otherRefresh)),
        200,
      ),
      actingSession: (await outcomeOf(
        app.http.get("/api/user/profile").set(bearer(user.accessToken)),
        200,
      )) as "lives" | "dies",
    };
    expect(observed).toEqual(row.expect);
  });

  it("when an email change is confirmed, then a verification link to the old address dies", async () => {
    const fresh = await registerUser(app);
    const verify = (await linkTokensFor(app, fresh.email, "verify-email"))[0]!;
    const newEmail = uniqueEmail("moved");
    await app.http
      .post("/api/user/email")
      .set(bearer(fresh.accessToken))
      .send({ newEmail })
      .expect(202);
    const confirm = (await linkTokensFor(app, newEmail, "confirm-email"))[0]!;
    await app.http.post("/api/auth/email/confirm").send({ token: confirm }).expect(200);

    const res = await app.http.post("/api/auth/verify-email").send({ token: verify });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid_link");
  });
});

async function outcomeOf(request: PromiseLike<{ status: number }>, alive: number) {
  const res = await request;
  return res.status === alive ? ("lives" as const) : ("dies" as const);
}

async function mfaTokenOutcome(app: TestApp, mfaToken: string, code: string): Promise<Outcome> {
  const res = await app.http.post("/api/auth/login/mfa").send({ mfaToken, code });
  if (res.status === 200) return "lives";
  // A token that lives but meets a factor the event removed says invalid_mfa_code.
  return res.body.code === "invalid_mfa_token" ? "dies" : "lives";
}

async function challengesOf(app: TestApp, userId: string): Promise<number> {
  const rows = await app.deps.database.db
    .selectFrom("webauthn_challenges")
    .select("id")
    .where("user_id", "=", userId)
    .execute();
  return rows.length;
}

async function cancelTokensFor(app: TestApp, to: string): Promise<string[]> {
  const res = await app.http.get("/api/dev/mailbox").expect(200);
  const pattern = /\/cancel-email-change#token=([A-Za-z0-9_-]+)/;
  return (res.body.messages as Array<{ to: string; text: string }>)
    .filter((message) => message.to === to)
    .flatMap((message) => pattern.exec(message.text)?.[1] ?? []);
}

async function linksOf(app: TestApp, userId: string, purpose: string): Promise<number> {
  const rows = await app.deps.database.db
    .selectFrom("link_tokens")
    .select("token_hash")
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .execute();
  return rows.length;
}

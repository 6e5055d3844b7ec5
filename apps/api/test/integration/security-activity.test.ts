import { apiPaths, pathTo } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  cookie,
  login,
  registerUser,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from "../support/test-app.js";

let now = Date.now();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    env: { TRUST_PROXY: "1", ACTIVITY_RETENTION: "90d", REFRESH_REUSE_GRACE: "5s" },
    overrides: { now: () => now },
  });
});
afterAll(async () => {
  await app.close();
});

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const sessionOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sid as string;

interface Event {
  id: string;
  type: string;
  at: string;
  ip: string | null;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
}

async function activity(token: string, query: Record<string, string | number> = {}) {
  const res = await app.http.get(apiPaths.activity).query(query).set(bearer(token)).expect(200);
  return res.body as { events: Event[]; next: string | null };
}
const types = async (token: string) => (await activity(token)).events.map((e) => e.type);

describe("the activity log", () => {
  it("when a user registers, fails a login, logs in and changes the password, then each is recorded newest first with address and user agent", async () => {
    const user = await registerUser(app);
    now += 1_000;
    await app.http
      .post(apiPaths.login)
      .set("X-Forwarded-For", "203.0.113.9")
      .set("User-Agent", FIREFOX)
      .send({ email: user.email, password: "wrong password!" })
      .expect(401);
    now += 1_000;
    await app.http
      .post(apiPaths.login)
      .set("X-Forwarded-For", "198.51.100.7")
      .set("User-Agent", FIREFOX)
      .send({ email: user.email, password: user.password })
      .expect(200);
    now += 1_000;
    await app.http
      .post(apiPaths.password)
      .set(bearer(user.accessToken))
      .send({ currentPassword: user.password, newPassword: "a brand new passphrase" })
      .expect(204);

    const { events, next } = await activity(user.accessToken);
    expect(events.map((e) => e.type)).toEqual([
      "password_changed",
      "login_succeeded",
      "login_failed",
      "registered",
    ]);
    expect(events[1]).toMatchObject({
      ip: "198.51.100.7",
      userAgent: FIREFOX,
      browser: "Firefox 128",
      os: "Linux",
    });
    expect(events[2]).toMatchObject({ ip: "203.0.113.9" });
    expect(next).toBeNull();
  });

  it("when a login fails for an email nobody has, then nothing is recorded anywhere", async () => {
    const before = await app.deps.database.db
      .selectFrom("activity_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    await app.http
      .post(apiPaths.login)
      .send({ email: uniqueEmail("ghost"), password: "whatever it is" })
      .expect(401);
    const after = await app.deps.database.db
      .selectFrom("activity_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("when sessions are revoked from the security page, then session_revoked and sessions_revoked are recorded", async () => {
    const user = await registerUser(app);
    const other = await login(app, user.email, user.password);
    now += 1_000;
    await app.http
      .delete(pathTo(apiPaths.session, { id: sessionOf(other.accessToken) }))
      .set(bearer(user.accessToken))
      .expect(204);
    now += 1_000;
    await app.http.post(apiPaths.revokeOtherSessions).set(bearer(user.accessToken)).expect(204);
    expect((await types(user.accessToken)).slice(0, 2)).toEqual([
      "sessions_revoked",
      "session_revoked",
    ]);
  });

  it("when a rotated refresh token is replayed after the grace window, then refresh_token_reused is recorded", async () => {
    const user = await registerUser(app);
    const other = await login(app, user.email, user.password);
    await app.http.post(apiPaths.refresh).set(cookie(other.refreshToken)).expect(200);
    now += 10_000;
    await app.http.post(apiPaths.refresh).set(cookie(other.refreshToken)).expect(401);
    expect((await types(user.accessToken))[0]).toBe("refresh_token_reused");
  });

  it("when there are more events than a page, then the cursor walks every event once, newest first", async () => {
    const user = await registerUser(app);
    for (let i = 0; i < 6; i++) {
      now += 1_000;
      await login(app, user.email, user.password);
    }
    const seen: Event[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const body = await activity(user.accessToken, { limit: 3, ...(before ? { before } : {}) });
      seen.push(...body.events);
      if (!body.next) break;
      before = body.next;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((e) => e.id)).size).toBe(7);
    const times = seen.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(seen.at(-1)?.type).toBe("registered");
  });

  it("when limit or before are not valid, then it answers 400 validation_failed on that field", async () => {
    const user = await registerUser(app);
    for (const [query, field] of [
      [{ limit: 0 }, "limit"],
      [{ limit: 101 }, "limit"],
      [{ limit: "many" }, "limit"],
      [{ before: "not a cursor!" }, "before"],
      [{ before: Buffer.from("nonsense").toString("base64url") }, "before"],
    ] as const) {
      const res = await app.http.get(apiPaths.activity).query(query).set(bearer(user.accessToken));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("validation_failed");
      expect(Object.keys(res.body.errors)).toContain(field);
    }
  });

  it("when events are older than ACTIVITY_RETENTION, then maintenance deletes them and keeps the rest", async () => {
    const user = await registerUser(app);
    now += 91 * 24 * 3600_000;
    const later = await login(app, user.email, user.password);
    await app.maintain();
    expect(await types(later.accessToken)).toEqual(["login_succeeded"]);
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, login, registerUser, startTestApp, type TestApp } from "../support/test-app.js";
import { createTestDatabase, DIALECTS } from "./test-database.js";

const sessionOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sid as string;

// The security page's SQL (keyset paging, tombstones by INSERT … SELECT, cascading deletes)
// gives the same answers on both stores.
describe.each(DIALECTS)("the security page's store on %s", (dialect) => {
  let place: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let now = Date.now();

  beforeAll(async () => {
    place = await createTestDatabase(dialect);
    app = await startTestApp({ databaseUrl: place.url, overrides: { now: () => now } });
  });
  afterAll(async () => {
    await app?.close();
    await place?.drop();
  });

  it("when events share a timestamp, then paging by cursor still returns each exactly once", async () => {
    const user = await registerUser(app);
    // The clock stands still: the five events share one `at`, and only `id` orders them.
    for (let i = 0; i < 4; i++) await login(app, user.email, user.password);
    const ids: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await app.http
        .get(apiPaths.activity)
        .query({ limit: 2, ...(before ? { before } : {}) })
        .set(bearer(user.accessToken))
        .expect(200);
      ids.push(...res.body.events.map((e: { id: string }) => e.id));
      if (!res.body.next) break;
      before = res.body.next;
    }
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });

  it("when an account is deleted, then its sessions become tombstones, its rows are gone and its session ids stay revoked", async () => {
    const user = await registerUser(app);
    const other = await login(app, user.email, user.password);
    now += 1_000;
    await app.http.delete(apiPaths.account).set(bearer(user.accessToken)).expect(204);

    const db = app.deps.database.db;
    const tombstones = await db.selectFrom("session_tombstones").select("id").execute();
    expect(tombstones.map((t) => t.id)).toEqual(
      expect.arrayContaining([sessionOf(user.accessToken), sessionOf(other.accessToken)]),
    );
    expect(
      await db.selectFrom("activity_events").select("id").where("user_id", "=", user.id).execute(),
    ).toEqual([]);
    expect(app.deps.revocations.isRevoked(sessionOf(other.accessToken))).toBe(true);
    expect(app.deps.revocations.isRevoked(sessionOf(user.accessToken))).toBe(true);
  });
});

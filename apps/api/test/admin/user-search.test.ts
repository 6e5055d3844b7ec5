import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchUsers } from "../../src/store/admin-store.js";
import { bearer, registerUser, startTestApp, type TestApp } from "../support/test-app.js";

let now = Date.now();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ overrides: { now: () => now } });
});
afterAll(() => app?.close());

const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id);

/**
 * SQLite answers a search from its FTS5 trigram table when few rows match and walks the users
 * newest first when many do (admin-store.ts): both plans must give the same pages.
 */
describe("user search on SQLite", () => {
  it("when a term matches few users or many, then both plans give the same users in the same order", async () => {
    const tag = `Srch${Math.random().toString(36).slice(2, 7)}`;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      now += 1_000;
      made.unshift((await registerUser(app, { name: `${tag} Person ${i}` })).id);
    }
    const db = app.deps.database.db;
    const query = tag.toLowerCase();
    const fromIndex = await searchUsers(db, "sqlite", { query, limit: 10 });
    const walked = await searchUsers(db, "sqlite", { query, limit: 10 }, 1);
    expect(ids(fromIndex)).toEqual(made);
    expect(ids(walked)).toEqual(made);
    const before = { at: fromIndex[1]!.created_at, id: fromIndex[1]!.id };
    const next = await searchUsers(db, "sqlite", { query, limit: 2, before });
    expect(ids(next)).toEqual(made.slice(2, 4));
    expect(ids(await searchUsers(db, "sqlite", { query, limit: 2, before }, 1))).toEqual(
      made.slice(2, 4),
    );
  });

  it("when a user is renamed or deleted, then the search index follows", async () => {
    const user = await registerUser(app, { name: "Before Rename" });
    const db = app.deps.database.db;
    const tag = `renamed${Math.random().toString(36).slice(2, 7)}`;
    await app.http
      .patch("/api/user/profile")
      .set(bearer(user.accessToken))
      .send({ name: tag })
      .expect(200);
    expect(ids(await searchUsers(db, "sqlite", { query: tag, limit: 5 }))).toEqual([user.id]);
    await app.http.delete("/api/user").set(bearer(user.accessToken)).expect(204);
    expect(await searchUsers(db, "sqlite", { query: tag, limit: 5 })).toEqual([]);
  });
});

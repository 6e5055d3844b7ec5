import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationProvider } from "../../src/store/migrations/index.js";
import { openDatabase, type DatabaseHandle } from "../../src/store/database.js";
import { createSessionStore, type SessionStore } from "../../src/store/session-store.js";
import { createUserStore, EmailTakenError, type UserStore } from "../../src/store/user-store.js";
import { createTestDatabase, createTestSchema, DIALECTS } from "./test-database.js";

// The same store code and migrations must mean the same thing on SQLite and PostgreSQL.
describe.each(DIALECTS)("the store on %s", (dialect) => {
  let place: Awaited<ReturnType<typeof createTestDatabase>>;
  let handle: DatabaseHandle;
  let users: UserStore;
  let sessions: SessionStore;

  beforeAll(async () => {
    place = await createTestDatabase(dialect);
    handle = await openDatabase(place.url);
    users = createUserStore(handle.db);
    sessions = createSessionStore(handle.db);
  });

  afterAll(async () => {
    await handle?.close();
    await place?.drop();
  });

  const newUser = async () =>
    users.insert({
      id: randomUUID(),
      email: `${randomUUID()}@example.com`,
      name: "Ada",
      passwordHash: "$argon2id$stub",
      now: 1_700_000_000_123,
    });

  const newSession = async (userId: string, now: number, ttlMs = 60_000) => {
    const id: string = randomUUID();
    const tokenHash = `h-${randomUUID()}`;
    await sessions.create({
      id,
      userId,
      tokenHash,
      now,
      expiresAt: now + ttlMs,
      userAgent: null,
      ip: null,
      amr: ["pwd"],
    });
    return { id, tokenHash };
  };

  const liveTokensOf = async (sessionId: string) =>
    handle.db
      .selectFrom("refresh_tokens")
      .select("token_hash")
      .where("session_id", "=", sessionId)
      .where("rotated_at", "is", null)
      .execute();

  it("when a row with epoch-millisecond times is read back, then the times are exact JS numbers", async () => {
    const user = await newUser();
    const found = await users.findById(user.id);
    expect(found?.created_at).toBe(1_700_000_000_123);
    expect(typeof found?.updated_at).toBe("number");
  });

  it("when an email is inserted twice, then the second insert is refused as taken", async () => {
    const user = await newUser();
    await expect(
      users.insert({
        id: randomUUID(),
        email: user.email,
        name: "Bob",
        passwordHash: "x",
        now: Date.now(),
      }),
    ).rejects.toBeInstanceOf(EmailTakenError);
  });

  it("when 20 rotations of one token race, then one rotates, the others get the same child, and one child is live", async () => {
    const user = await newUser();
    const now = Date.now();
    const { id, tokenHash } = await newSession(user.id, now);

    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        sessions.rotate({ tokenHash, childHash: `${tokenHash}-child`, now, graceMs: 5_000 }),
      ),
    );

    expect(results.filter((r) => r.kind === "rotated")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "grace")).toHaveLength(19);
    expect(await liveTokensOf(id)).toEqual([{ token_hash: `${tokenHash}-child` }]);
  });

  it("when a rotated token comes back after the grace window, then its whole family is revoked", async () => {
    const user = await newUser();
    const now = Date.now();
    const { id, tokenHash } = await newSession(user.id, now);
    await sessions.rotate({ tokenHash, childHash: "child-1", now, graceMs: 5_000 });

    const again = await sessions.rotate({
      tokenHash,
      childHash: "child-1",
      now: now + 6_000,
      graceMs: 5_000,
    });

    expect(again).toMatchObject({ kind: "reused", sessionId: id });
    expect(await sessions.isActive(id, now + 6_000)).toBe(false);
    expect(
      await sessions.rotate({
        tokenHash: "child-1",
        childHash: "child-2",
        now: now + 7_000,
        graceMs: 5_000,
      }),
    ).toEqual({ kind: "invalid" });
  });

  it("when all sessions of a user are revoked but one, then exactly the others are listed as revoked since then", async () => {
    const user = await newUser();
    const now = Date.now();
    const keep = await newSession(user.id, now);
    const a = await newSession(user.id, now);
    const b = await newSession(user.id, now);

    const revoked = await sessions.revokeAllOfUser(user.id, now + 1, "password_change", keep.id);

    expect(revoked.sort()).toEqual([a.id, b.id].sort());
    const listed = (await sessions.listRevokedSince(now + 1)).filter((r) =>
      [keep.id, a.id, b.id].includes(r.id),
    );
    expect(listed.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(listed.every((r) => r.revokedAt === now + 1)).toBe(true);
  });

  it("when stale families are cleaned up, then expired and long-revoked ones go with their tokens and live ones stay", async () => {
    const user = await newUser();
    const now = Date.now();
    const expired = await newSession(user.id, now - 10_000, 5_000);
    const revokedLongAgo = await newSession(user.id, now - 10_000);
    await sessions.revokeSession(revokedLongAgo.id, now - 9_000, "logout");
    const live = await newSession(user.id, now);

    const deleted = await sessions.deleteStale(now, now - 1_000);

    expect(deleted).toBeGreaterThanOrEqual(2);
    const left = await handle.db
      .selectFrom("refresh_tokens")
      .select("session_id")
      .where("session_id", "in", [expired.id, revokedLongAgo.id, live.id])
      .execute();
    expect(left).toEqual([{ session_id: live.id }]);
  });
});

describe("migrations on PostgreSQL", () => {
  it("when several instances start at once on an empty schema, then all of them migrate it and start", async () => {
    const schema = await createTestSchema();
    const handles: DatabaseHandle[] = [];
    try {
      const opened = await Promise.allSettled([
        openDatabase(schema.url),
        openDatabase(schema.url),
        openDatabase(schema.url),
      ]);
      for (const o of opened) if (o.status === "fulfilled") handles.push(o.value);
      expect(opened.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
      const applied = await handles[0]!.db
        .selectFrom("kysely_migration" as never)
        .select("name" as never)
        .execute();
      const known = await migrationProvider.getMigrations();
      expect(applied).toHaveLength(Object.keys(known).length);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await schema.drop();
    }
  });

  it("when two schemas of one database are migrated, then each gets its own tables", async () => {
    const [one, two] = await Promise.all([createTestSchema(), createTestSchema()]);
    const handles: DatabaseHandle[] = [];
    try {
      handles.push(await openDatabase(one.url), await openDatabase(two.url));
      await createUserStore(handles[0]!.db).insert({
        id: "u1",
        email: "only-in-one@example.com",
        name: "A",
        passwordHash: "x",
        now: 1,
      });
      expect(await createUserStore(handles[1]!.db).findById("u1")).toBeUndefined();
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await Promise.all([one.drop(), two.drop()]);
    }
  });
});

import { AuditPage } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminServiceOf } from "../../src/app.js";
import { bearer, registerUser, startTestApp, type TestApp } from "../support/test-app.js";
import { registerAdmin, SHELL } from "./admin-support.js";

let now = Date.now();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { AUDIT_RETENTION: "30d" }, overrides: { now: () => now } });
});
afterAll(() => app?.close());

async function allPages(token: string, limit: number): Promise<AuditPage["events"][]> {
  const pages: AuditPage["events"][] = [];
  let before: string | null = null;
  do {
    const path: string = `/api/admin/audit?limit=${limit}${before ? `&before=${before}` : ""}`;
    const page = AuditPage.parse((await app.http.get(path).set(bearer(token)).expect(200)).body);
    pages.push(page.events);
    before = page.next;
  } while (before);
  return pages;
}

describe("the audit log", () => {
  it("when paged, then every action comes once, newest first, also among actions of one instant", async () => {
    const admin = await registerAdmin(app);
    const service = adminServiceOf(app.app);
    const user = await registerUser(app);
    // Seven actions, in pairs of one millisecond: the id breaks the tie, as in the cursor.
    for (let i = 0; i < 7; i++) {
      if (i % 2 === 0) now += 1;
      await service.lock(SHELL, user.id, { reason: `reason ${i}` });
    }
    const pages = await allPages(admin.accessToken, 3);
    const events = pages.flat();
    // The grant that made the administrator comes last (oldest).
    expect(events.map((e) => e.action)).toEqual([
      ...Array(7).fill("account_locked"),
      "roles_changed",
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(8);
    const times = events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(events.at(-1)).toMatchObject({
      action: "roles_changed",
      actor: { id: null, email: "shell:test" },
      detail: { before: ["user"], after: ["admin", "user"] },
    });
  });

  it("when an action changes nothing (unlocking an account that is not locked, setting the roles it has), then it is written all the same", async () => {
    const admin = await registerAdmin(app);
    const service = adminServiceOf(app.app);
    const user = await registerUser(app);
    now += 1;
    await service.unlock(SHELL, user.id);
    now += 1;
    await service.setRoles(SHELL, user.id, ["user"]);
    const [latest] = await allPages(admin.accessToken, 2);
    expect(latest).toMatchObject([
      {
        action: "roles_changed",
        target: { id: user.id },
        detail: { before: ["user"], after: ["user"] },
      },
      { action: "account_unlocked", target: { id: user.id }, detail: { wasLocked: false } },
    ]);
  });

  it("when a line is older than AUDIT_RETENTION, then maintenance deletes it and keeps the newer ones", async () => {
    const user = await registerUser(app);
    await adminServiceOf(app.app).unlock(SHELL, user.id);
    await adminServiceOf(app.app).lock(SHELL, user.id, { reason: "old" });
    const count = async () =>
      Number(
        (
          await app.deps.database.db
            .selectFrom("admin_audit")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    now += 31 * 86_400_000;
    await adminServiceOf(app.app).unlock(SHELL, user.id);
    await app.maintain();
    expect(await count()).toBe(1);
    expect(before).toBeGreaterThan(1);
  });
});

import { apiPaths } from "@jwt-auth/shared";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { bearer, cookie, refreshCookieOf, registerUser } from "../support/test-app.js";
import { twoInstancesOnPostgres } from "../postgres/two-instances.js";
import { waitFor } from "../postgres/wait-for.js";

// Two app instances (two bootstraps: two pools, two listeners) on one schema, in one
// process so the races can be many and fast. The rotation's guard is a conditional
// UPDATE under PostgreSQL's default READ COMMITTED: the loser waits for the winner's row
// lock, re-checks `rotated_at IS NULL` against the committed row, and updates nothing.
let clockOffset = 0;
const instances = twoInstancesOnPostgres(() => ({
  overrides: { now: () => Date.now() + clockOffset },
}));

const sessionOf = (accessToken: string) =>
  JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString()).sid as string;

const liveChildren = async (sessionId: string) =>
  (
    await instances.first.deps.database.db
      .selectFrom("refresh_tokens")
      .select("token_hash")
      .where("session_id", "=", sessionId)
      .where("rotated_at", "is", null)
      .execute()
  ).length;

describe("refresh rotation raced across two instances", () => {
  it("when the store runs at PostgreSQL's default isolation, then it is READ COMMITTED", async () => {
    const { rows } = await sql<{
      transaction_isolation: string;
    }>`show transaction_isolation`.execute(instances.first.deps.database.db);
    expect(rows[0]?.transaction_isolation).toBe("read committed");
  });

  it("when every round races 12 refreshes of one token on both instances, then one child is live after each", async () => {
    const user = await registerUser(instances.first);
    const sessionId = sessionOf(user.accessToken);
    let token = user.refreshToken;

    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? instances.first : instances.second).http
            .post(apiPaths.refresh)
            .set(cookie(token)),
        ),
      );

      expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
      const children = new Set(results.map((r) => refreshCookieOf(r.headers["set-cookie"])));
      expect(children.size).toBe(1);
      expect(await liveChildren(sessionId)).toBe(1);
      token = [...children][0]!;
    }
  });

  it("when one instance sees a token reused after the grace window, then the other rejects the family's access tokens too", async () => {
    const user = await registerUser(instances.first);
    const rotated = await instances.first.http
      .post(apiPaths.refresh)
      .set(cookie(user.refreshToken))
      .expect(200);
    const accessFromA = rotated.body.accessToken as string;
    expect((await instances.first.http.get(apiPaths.profile).set(bearer(accessFromA))).status).toBe(
      200,
    );

    clockOffset += 6_000;
    const reuse = await instances.second.http.post(apiPaths.refresh).set(cookie(user.refreshToken));

    expect(reuse.status).toBe(401);
    await waitFor(
      async () =>
        (await instances.first.http.get(apiPaths.profile).set(bearer(accessFromA))).body.code ===
        "token_revoked",
      {
        timeoutMs: 1_000,
        what: "instance A hears the revocation",
      },
    );
    expect(
      (
        await instances.first.http
          .post(apiPaths.refresh)
          .set(cookie(refreshCookieOf(rotated.headers["set-cookie"])!))
      ).status,
    ).toBe(401);
  });
});

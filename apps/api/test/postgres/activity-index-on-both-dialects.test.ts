import { CompiledQuery } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/store/database.js";
import { activityPageQuery } from "../../src/store/activity-store.js";
import { createTestDatabase, DIALECTS } from "./test-database.js";

// The activity page must not touch the table once per event: at a million users a user's
// events lie scattered through it. The planner of each store is asked how it would answer.
describe.each(DIALECTS)("the activity page's query on %s", (dialect) => {
  let place: Awaited<ReturnType<typeof createTestDatabase>>;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    place = await createTestDatabase(dialect);
    handle = await openDatabase(place.url);
  });
  afterAll(async () => {
    await handle?.close();
    await place?.drop();
  });

  it("when a page after a cursor is read, then the plan reads the user's index entries alone", async () => {
    const page = activityPageQuery(handle.db, "a-user", {
      before: { at: 1_700_000_000_000, id: "an-event" },
      limit: 21,
    }).compile();
    const plan = await handle.db.transaction().execute(async (trx) => {
      if (dialect === "postgres") {
        // On a table this small a scan of it is cheapest; ask what the index alone can do.
        await trx.executeQuery(CompiledQuery.raw("set local enable_seqscan = off"));
        await trx.executeQuery(CompiledQuery.raw("set local enable_bitmapscan = off"));
      }
      const explain = dialect === "postgres" ? "explain " : "explain query plan ";
      const { rows } = await trx.executeQuery(
        CompiledQuery.raw(`${explain}${page.sql}`, [...page.parameters]),
      );
      return rows.map((row) => Object.values(row as object).join(" ")).join("\n");
    });
    expect(plan).toMatch(
      dialect === "postgres"
        ? /Index Only Scan Backward using activity_events_user_page/
        : /USING COVERING INDEX activity_events_user_page/,
    );
    expect(plan).not.toMatch(/TEMP B-TREE|Sort/);
  });
});

import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RevocationEvent, RevocationFeed } from "../../src/store/revocation-feed.js";
import { openDatabase, type DatabaseHandle } from "../../src/store/database.js";
import { encodeRevocation, MAX_PAYLOAD_BYTES } from "../../src/store/postgres-notify-payloads.js";
import { postgresRevocationFeed } from "../../src/store/postgres-revocation-feed.js";
import {
  connectionsTo,
  createTestSchema,
  testDatabaseUrl,
  withClient,
  type TestSchema,
} from "./test-database.js";
import { holdsFor, waitFor } from "./wait-for.js";

let schema: TestSchema;
let handle: DatabaseHandle;
const started: RevocationFeed[] = [];

beforeAll(async () => {
  schema = await createTestSchema();
  handle = await openDatabase(schema.url);
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((feed) => feed.close()));
});

afterAll(async () => {
  await handle?.close();
  await schema?.drop();
});

/** A started feed that records what it hears and how often it was asked to reload. */
async function listener(
  on: { url: string; db: DatabaseHandle["db"] } = { url: schema.url, db: handle.db },
  backoff = { firstMs: 20, maxMs: 200 },
) {
  const heard: RevocationEvent[] = [];
  const logs: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(line) });
  const feed = postgresRevocationFeed({ ...on, logger, heartbeatMs: 200, backoff });
  const state = {
    feed,
    resyncs: 0,
    heard,
    logs,
    ids: () => new Set(heard.flatMap((e) => e.sessionIds)),
  };
  started.push(feed);
  await feed.start({ onEvent: (e) => heard.push(e), onResync: async () => void state.resyncs++ });
  return state;
}

const terminateConnectionsOf = (target: TestSchema) =>
  testDatabaseUrl().then((server) =>
    withClient(server, (c) =>
      c.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1",
        [target.name],
      ),
    ),
  );

describe("the PostgreSQL revocation feed", () => {
  it("when one instance publishes, then every instance on the schema hears it, the publisher included", async () => {
    const a = await listener();
    const b = await listener();

    await a.feed.publish({ sessionIds: ["s-1", "s-2"], revokedAt: 1234 });

    await waitFor(() => b.heard.length === 1 && a.heard.length === 1);
    expect(b.heard[0]).toEqual({ sessionIds: ["s-1", "s-2"], revokedAt: 1234 });
  });

  it("when a revocation names more ids than one notification can carry, then it arrives whole, in chunks under the limit", async () => {
    const b = await listener();
    const ids = Array.from({ length: 2_000 }, () => randomUUID());
    const chunks = encodeRevocation({ sessionIds: ids, revokedAt: 99 });

    await b.feed.publish({ sessionIds: ids, revokedAt: 99 });

    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((c) => Buffer.byteLength(c)))).toBeLessThanOrEqual(
      MAX_PAYLOAD_BYTES,
    );
    await waitFor(() => b.ids().size === ids.length);
    expect(b.heard.every((e) => e.revokedAt === 99)).toBe(true);
  });

  it("when another deployment uses another schema of the same database, then neither hears the other", async () => {
    const otherSchema = await createTestSchema();
    const other = await openDatabase(otherSchema.url);
    try {
      const here = await listener();
      const there = await listener({ url: otherSchema.url, db: other.db });

      await there.feed.publish({ sessionIds: ["elsewhere"], revokedAt: 1 });
      await here.feed.publish({ sessionIds: ["here"], revokedAt: 1 });

      await waitFor(() => here.ids().has("here") && there.ids().has("elsewhere"));
      expect(here.ids().has("elsewhere")).toBe(false);
      expect(there.ids().has("here")).toBe(false);
    } finally {
      await Promise.all(started.splice(0).map((feed) => feed.close()));
      await other.close();
      await otherSchema.drop();
    }
  });

  it("when a payload on the channel is not a revocation, then it is ignored", async () => {
    const b = await listener();
    const channel = `jwt_auth_revoked:${schema.name}`;
    await withClient(schema.url, async (c) => {
      await c.query("select pg_notify($1, $2)", [channel, "not json"]);
      await c.query("select pg_notify($1, $2)", [
        channel,
        JSON.stringify({ sessionIds: [1, 2], revokedAt: 1 }),
      ]);
      await c.query("select pg_notify($1, $2)", [
        channel,
        JSON.stringify({ sessionIds: ["ok"], revokedAt: 5 }),
      ]);
    });
    await waitFor(() => b.heard.length > 0);
    expect(b.heard).toEqual([{ sessionIds: ["ok"], revokedAt: 5 }]);
  });

  it("when the listener's connection is killed, then it reconnects, reloads the list, and hears what comes next", async () => {
    const b = await listener();
    const resyncsBefore = b.resyncs;

    await terminateConnectionsOf(schema);

    await waitFor(() => b.resyncs > resyncsBefore);
    await handle.db
      .selectFrom("sessions")
      .select("id")
      .execute()
      .catch(() => undefined); // lets the pool drop its killed clients
    await waitFor(async () => {
      await b.feed
        .publish({ sessionIds: ["after-reconnect"], revokedAt: 2 })
        .catch(() => undefined);
      return b.ids().has("after-reconnect");
    });
  });

  it("when it is closed while waiting to reconnect, then it stops: no connection left, no timer firing, no rejection", async () => {
    const b = await listener(undefined, { firstMs: 400, maxMs: 400 });
    await terminateConnectionsOf(schema);
    await waitFor(() => b.logs.some((line) => line.includes("lost its connection")), {
      what: "loss noticed",
    });

    await b.feed.close();
    started.splice(started.indexOf(b.feed), 1);
    const resyncs = b.resyncs;

    await waitFor(async () => (await connectionsTo(schema)) === 0, {
      what: "all connections closed",
    });
    // Longer than the pending backoff (at most 400 ms): a timer left behind would have reconnected.
    await holdsFor(
      async () => b.resyncs === resyncs && (await connectionsTo(schema)) === 0,
      600,
      "closed feed stays closed",
    );
    expect(b.logs.some((line) => line.includes("reconnected"))).toBe(false);
  });
});

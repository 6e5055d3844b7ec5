import { afterAll, beforeAll } from "vitest";
import { startTestApp, type StartOptions, type TestApp } from "../support/test-app.js";
import { createTestDatabase, type DialectName } from "./test-database.js";

/**
 * One app on a fresh store of `dialect` (a temp SQLite file, or a PostgreSQL schema of its
 * own), for a `describe.each(DIALECTS)`. Registers the block's `beforeAll`/`afterAll`; `app`
 * is there once the tests run, and is closed after every later `afterAll` of the block.
 */
export function appOnDialect(dialect: DialectName, options: StartOptions = {}): { app: TestApp } {
  const on = {} as { app: TestApp };
  let place: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    place = await createTestDatabase(dialect);
    on.app = await startTestApp({ ...options, databaseUrl: place.url });
  });
  afterAll(async () => {
    await on.app?.close();
    await place?.drop();
  });
  return on;
}

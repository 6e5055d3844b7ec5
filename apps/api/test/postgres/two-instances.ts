import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { startTestApp, type StartOptions, type TestApp } from "../support/test-app.js";
import { createTestSchema, type TestSchema } from "./test-database.js";

export interface TwoInstances {
  first: TestApp;
  second: TestApp;
  schema: TestSchema;
}

/**
 * Two instances of the app on one fresh PostgreSQL schema, as behind one load balancer:
 * two bootstraps (two pools, two revocation listeners) in this process, one signing key.
 * Registers the file's `beforeAll`/`afterAll`; the fields are there once the tests run.
 * `options` is read in `beforeAll`, so it may use what an earlier `beforeAll` started.
 */
export function twoInstancesOnPostgres(options: () => StartOptions = () => ({})): TwoInstances {
  const instances = {} as TwoInstances;
  beforeAll(async () => {
    instances.schema = await createTestSchema();
    const given = options();
    const shared: StartOptions = {
      ...given,
      databaseUrl: instances.schema.url,
      env: { JWT_SECRET: randomBytes(32).toString("base64url"), ...given.env },
    };
    [instances.first, instances.second] = await Promise.all([
      startTestApp(shared),
      startTestApp(shared),
    ]);
  });
  afterAll(async () => {
    await Promise.all([instances.first?.close(), instances.second?.close()]);
    await instances.schema?.drop();
  });
  return instances;
}

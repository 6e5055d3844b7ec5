import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  registerUser,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from "../support/test-app.js";
import { createTestDatabase, DIALECTS } from "./test-database.js";

// PostgreSQL refuses a NUL byte in text (SQLSTATE 22021) where SQLite stores it: the shared
// name schema refuses control characters, so both stores give the same answer, a 400.
describe.each(DIALECTS)("a name with control characters on %s", (dialect) => {
  let place: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;

  beforeAll(async () => {
    place = await createTestDatabase(dialect);
    app = await startTestApp({ databaseUrl: place.url });
  });

  afterAll(async () => {
    await app?.close();
    await place?.drop();
  });

  const names = ["Ada\u0000Lovelace", "Ada\u001bLovelace", "Ada\nLovelace", "Ada\u0085"];

  it.each(names)(
    "when someone registers with %j, then it is 400 validation_failed",
    async (name) => {
      const email = uniqueEmail("nul");
      const res = await app.http
        .post(apiPaths.register)
        .send({ email, password: "long enough 1", name });
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe("validation_failed");
      expect(res.body.errors.name).toEqual(["Name must not contain control characters"]);
      // Nothing was stored: the address is still free.
      await registerUser(app, { email });
    },
  );

  it.each(names)(
    "when a profile is renamed to %j, then it is 400 and the name stays",
    async (name) => {
      const user = await registerUser(app, { name: "Ada Lovelace" });
      const res = await app.http
        .patch(apiPaths.profile)
        .set(bearer(user.accessToken))
        .send({ name });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("validation_failed");
      const profile = await app.http.get(apiPaths.profile).set(bearer(user.accessToken));
      expect(profile.body.name).toBe("Ada Lovelace");
    },
  );

  it("when a name has accents, emoji and inner spaces, then it is stored as sent", async () => {
    const name = "Zoë  Ødegård 🚀";
    const user = await registerUser(app, { name });
    const profile = await app.http.get(apiPaths.profile).set(bearer(user.accessToken));
    expect(profile.body.name).toBe(name);
  });
});

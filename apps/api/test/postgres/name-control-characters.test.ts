import { apiPaths } from "@jwt-auth/shared";
import { describe, expect, it } from "vitest";
import { appOnDialect } from "./app-on-dialect.js";
import { bearer, registerUser, uniqueEmail } from "../support/test-app.js";
import { DIALECTS } from "./test-database.js";

// PostgreSQL refuses a NUL byte in text (SQLSTATE 22021) where SQLite stores it: the shared
// name schema refuses control characters, so both stores give the same answer, a 400.
describe.each(DIALECTS)("a name with control characters on %s", (dialect) => {
  const on = appOnDialect(dialect);

  const names = ["Ada\u0000Lovelace", "Ada\u001bLovelace", "Ada\nLovelace", "Ada\u0085"];

  it.each(names)(
    "when someone registers with %j, then it is 400 validation_failed",
    async (name) => {
      const email = uniqueEmail("nul");
      const res = await on.app.http
        .post(apiPaths.register)
        .send({ email, password: "long enough 1", name });
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe("validation_failed");
      expect(res.body.errors.name).toEqual(["Name must not contain control characters"]);
      // Nothing was stored: the address is still free.
      await registerUser(on.app, { email });
    },
  );

  it.each(names)(
    "when a profile is renamed to %j, then it is 400 and the name stays",
    async (name) => {
      const user = await registerUser(on.app, { name: "Ada Lovelace" });
      const res = await on.app.http
        .patch(apiPaths.profile)
        .set(bearer(user.accessToken))
        .send({ name });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("validation_failed");
      const profile = await on.app.http.get(apiPaths.profile).set(bearer(user.accessToken));
      expect(profile.body.name).toBe("Ada Lovelace");
    },
  );

  it("when a name has accents, emoji and inner spaces, then it is stored as sent", async () => {
    const name = "Zoë  Ødegård 🚀";
    const user = await registerUser(on.app, { name });
    const profile = await on.app.http.get(apiPaths.profile).set(bearer(user.accessToken));
    expect(profile.body.name).toBe(name);
  });
});

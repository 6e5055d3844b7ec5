import { DisplayName } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevProvider } from "../../../src/dev-idp/start-dev-provider.js";
import { providerDisplayName } from "../../../src/oidc/sign-in-with-identity.js";
import { createTestDatabase, DIALECTS } from "../../postgres/test-database.js";
import { loginThroughProvider, providerEnv, startTestProvider } from "../../support/oidc-world.js";
import { bearer, cookie, startTestApp, type TestApp } from "../../support/test-app.js";

// The provider's `name` claim is whatever the account holder typed at the provider (or the
// provider sends): it became the display name without the rules registration applies, so
// control characters were stored and shown, and a NUL broke the insert on PostgreSQL (500).
const hostile: Record<string, { name: string; expected: string }> = {
  nul: { name: "Mallory\u0000Admin", expected: "Mallory Admin" },
  escapes: {
    name: "\u001b[2J\r\n Mallory \u0085\u009b31m  Jones\t",
    expected: "[2J  Mallory  31m  Jones",
  },
  onlycontrols: { name: "\u0000\u0001\u007f\u009f", expected: "onlycontrols" },
  blank: { name: "   ", expected: "blank" },
  long: { name: "🚀".repeat(80), expected: "🚀".repeat(50) },
};

describe.each(DIALECTS)("a provider's name claim on %s", (dialect) => {
  let place: Awaited<ReturnType<typeof createTestDatabase>>;
  let idp: DevProvider;
  let app: TestApp;

  beforeAll(async () => {
    place = await createTestDatabase(dialect);
    idp = await startTestProvider(
      Object.fromEntries(
        Object.entries(hostile).map(([login, { name }]) => [
          login,
          { email: `${login}@example.test`, emailVerified: true, name },
        ]),
      ),
    );
    app = await startTestApp({ env: providerEnv(idp.issuer), databaseUrl: place.url });
  });

  afterAll(async () => {
    await app?.close();
    await idp?.close();
    await place?.drop();
  });

  it.each(Object.entries(hostile))(
    "when the provider names the new account %j, then the name stored passes the registration rules",
    async (login, { expected }) => {
      const { refreshToken } = await loginThroughProvider({ app, idp }, login);
      expect(refreshToken).toBeDefined();
      const refreshed = await app.http
        .post("/api/auth/refresh")
        .set(cookie(refreshToken!))
        .expect(200);
      const profile = await app.http
        .get("/api/user/profile")
        .set(bearer(refreshed.body.accessToken))
        .expect(200);
      expect(profile.body.name).toBe(expected);
      expect(DisplayName.safeParse(profile.body.name).success).toBe(true);
    },
  );
});

describe("the display name made of a provider's claim", () => {
  it("when the claim is missing or not a string, then the email's local part is used", () => {
    expect(providerDisplayName(undefined, "ada@example.com")).toBe("ada");
    expect(providerDisplayName(42, "ada@example.com")).toBe("ada");
  });

  it("when the claim is cut at the limit, then no surrogate pair is split", () => {
    const name = providerDisplayName(`a${"😀".repeat(60)}`, "ada@example.com");
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name).toMatch(/^a(😀)+$/u);
  });

  it("when the claim holds a lone surrogate, then it becomes a space", () => {
    expect(providerDisplayName("Ada\ud800Lovelace", "ada@example.com")).toBe("Ada Lovelace");
  });
});

import { randomUUID } from "node:crypto";
import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type Account } from "../support/client.js";
import { expectTokenRefused } from "../support/expect-problem.js";
import { decodeJwt, nowSeconds } from "../support/jws.js";
import { signWithServerKey } from "../support/server-signer.js";
import { startInProcess, type InProcessTarget } from "../support/target.js";

// RFC 8725 §3.8-3.11, RFC 9068, ASVS 5.0 V9.2: a good signature is not enough. These tokens
// are signed with the server's own key, so only the claim and header checks stand between
// them and the protected routes. That needs the key, so this file runs in-process only;
// its outsider counterpart is "claims changed and the signature kept" in forged-tokens.
describe("claims of a correctly signed token", () => {
  let target: InProcessTarget;
  let client: Client;
  let user: Account;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    target = await startInProcess();
    client = new Client(target);
    user = await client.register();
    claims = decodeJwt(user.accessToken).payload;
  });
  afterAll(() => target?.close());

  const sign = (payload: unknown, header: Record<string, unknown> = {}) =>
    signWithServerKey(target.app.deps.keys, header, payload);
  const fresh = () => ({ ...claims, iat: nowSeconds(), exp: nowSeconds() + 300 });
  const without = (name: string) =>
    Object.fromEntries(Object.entries(fresh()).filter(([key]) => key !== name));
  const refused = async (
    token: string,
    code: "token_invalid" | "token_expired" = "token_invalid",
  ) => expectTokenRefused(await client.profile(token), code);

  it("when the claims are what the server issues, then the re-signed token is accepted (the control)", async () => {
    expect((await client.profile(sign(fresh()))).status).toBe(200);
  });

  describe("exp", () => {
    it("when exp has passed, then the token is refused as expired", async () => {
      await refused(sign({ ...fresh(), exp: nowSeconds() - 1 }), "token_expired");
      await refused(sign({ ...fresh(), exp: nowSeconds() }), "token_expired");
      await refused(sign({ ...fresh(), exp: 0 }), "token_expired");
      await refused(sign({ ...fresh(), exp: -1 }), "token_expired");
      await refused(sign({ ...fresh(), exp: nowSeconds() - 0.5 }), "token_expired");
    });

    it("when exp is missing, then the token is refused: no token lives forever", async () => {
      await refused(sign(without("exp")));
    });

    it.each<[string, unknown]>([
      ["a numeric string", String(nowSeconds() + 300)],
      ["null", null],
      ["true", true],
      ["an array", [nowSeconds() + 300]],
      ["an object", { $gt: 0 }],
      ["a date string", new Date(Date.now() + 300_000).toISOString()],
    ])("when exp is %s, then the token is refused", async (_label, exp) => {
      await refused(sign({ ...fresh(), exp }));
    });
  });

  describe("nbf", () => {
    it("when nbf is in the future, then the token is refused", async () => {
      await refused(sign({ ...fresh(), nbf: nowSeconds() + 60 }));
      await refused(sign({ ...fresh(), nbf: nowSeconds() + 86_400 * 365 }));
    });

    it.each<[string, unknown]>([
      ["a string", "0"],
      ["null", null],
      ["an array", [0]],
      ["false", false],
    ])("when nbf is %s, then the token is refused", async (_label, nbf) => {
      await refused(sign({ ...fresh(), nbf }));
    });
  });

  describe("iat", () => {
    it("when iat is in the future, then the token is refused: it cannot have been issued yet", async () => {
      await refused(sign({ ...fresh(), iat: nowSeconds() + 120 }));
      await refused(sign({ ...fresh(), iat: nowSeconds() + 86_400 }));
    });

    it("when iat is missing, then the token is refused (RFC 9068 access tokens always carry it)", async () => {
      await refused(sign(without("iat")));
    });

    it.each<[string, unknown]>([
      ["a string", String(nowSeconds())],
      ["null", null],
      ["an object", {}],
      ["true", true],
    ])("when iat is %s, then the token is refused", async (_label, iat) => {
      await refused(sign({ ...fresh(), iat }));
    });
  });

  describe("aud and iss", () => {
    it.each<[string, unknown]>([
      ["another audience", "another-service"],
      ["a differently cased audience", "JWT-AUTH-WEB"],
      ["an empty string", ""],
      ["an empty list", []],
      ["a list without ours", ["another-service"]],
      ["null", null],
    ])("when aud is %s, then the token is refused", async (_label, aud) => {
      await refused(sign({ ...fresh(), aud }));
    });

    it("when aud is missing, then the token is refused", async () => {
      await refused(sign(without("aud")));
    });

    it.each<[string, unknown]>([
      ["another issuer", "https://attacker.example"],
      ["a differently cased issuer", "JWT-AUTH-API"],
      ["a list holding ours", ["jwt-auth-api"]],
      ["null", null],
    ])("when iss is %s, then the token is refused", async (_label, iss) => {
      await refused(sign({ ...fresh(), iss }));
    });

    it("when iss is missing, then the token is refused", async () => {
      await refused(sign(without("iss")));
    });
  });

  describe("subject and session", () => {
    it("when sub names a user that no longer exists, then every protected route refuses the token", async () => {
      const ghost = sign({ ...fresh(), sub: randomUUID() });
      await refused(ghost);
      expectTokenRefused(
        await client.request("PATCH", apiPaths.profile, { bearer: ghost, json: { name: "Ghost" } }),
        "token_invalid",
      );
      expectTokenRefused(
        await client.post(apiPaths.password, {
          bearer: ghost,
          json: { currentPassword: "whatever1", newPassword: "whatever-else-2" },
        }),
        "token_invalid",
      );
    });

    it("when the user behind a real token is deleted from the store, then the token no longer opens anything", async () => {
      const gone = await client.register();
      expect((await client.profile(gone.accessToken)).status).toBe(200);
      await target.app.deps.database.db.deleteFrom("users").where("id", "=", gone.id).execute();
      await refused(gone.accessToken);
      expectTokenRefused(
        await client.request("PATCH", apiPaths.profile, {
          bearer: gone.accessToken,
          json: { name: "Back" },
        }),
        "token_invalid",
      );
      expect((await client.refresh(gone.refreshToken)).status).toBe(401);
    });

    it.each<[string, Record<string, unknown>]>([
      ["sub is a number", { sub: 1 }],
      ["sub is an object", { sub: { $ne: null } }],
      ["sid is missing", { sid: undefined }],
      ["sid is a number", { sid: 42 }],
      ["email is missing", { email: undefined }],
    ])("when %s, then the token is refused", async (_label, change) => {
      await refused(sign(JSON.parse(JSON.stringify({ ...fresh(), ...change }))));
    });

    it("when the server's key signs another user's id, then that user is served: the signature is what makes sub trusted (the control)", async () => {
      const other = await client.register();
      const reply = await client.profile(sign({ ...fresh(), sub: other.id }));
      expect(reply.body.id).toBe(other.id);
    });
  });

  describe("payload and header", () => {
    it.each<[string, string]>([
      ["a plain string", "hello"],
      ["JSON null", "null"],
      ["a JSON array", JSON.stringify([{ sub: "x" }])],
      ["a JSON number", "1234"],
      ["a JSON string", JSON.stringify(JSON.stringify({ sub: "x" }))],
      ["empty", ""],
    ])(
      "when the payload is %s rather than an object, then the token is refused",
      async (_label, raw) => {
        await refused(sign({ raw }));
      },
    );

    it("when the header marks an extension as critical (crit), then the token is refused", async () => {
      await refused(sign(fresh(), { crit: ["exp"], exp: nowSeconds() + 300 }));
      await refused(sign(fresh(), { crit: ["urn:example:unknown"], "urn:example:unknown": true }));
      await refused(sign(fresh(), { crit: [] }));
    });

    it("when typ is not at+jwt, then the token is refused: an ID token or a bare JWT is not an access token", async () => {
      await refused(sign(fresh(), { typ: "JWT" }));
      await refused(sign(fresh(), { typ: "id+jwt" }));
      await refused(sign(fresh(), { typ: undefined }));
    });

    it("when kid names no key of the server, then the token is refused even with a good signature", async () => {
      await refused(sign(fresh(), { kid: "not-a-known-key" }));
      await refused(sign(fresh(), { kid: undefined }));
    });
  });
});

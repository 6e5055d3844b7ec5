import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, uniqueEmail, type Reply } from "./support/client.js";
import { expectProblem } from "./support/expect-problem.js";
import { median } from "./support/stats.js";
import { startTarget, type Target } from "./support/target.js";

// OWASP Authentication and Password Storage cheat sheets, ASVS 5.0 V6: a login says nothing
// about which accounts exist, verifies exactly what was typed, and takes only what it names.
describe("credentials", () => {
  let target: Target;

  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(() => target?.close());

  describe("an unknown email and a wrong password", () => {
    const headersThatMatter = (reply: Reply) =>
      Object.fromEntries(
        ["content-type", "www-authenticate", "cache-control", "set-cookie", "ratelimit"].map(
          (h) => [h, reply.headers.get(h)],
        ),
      );

    it("when each is tried once, then status, body and headers are identical", async () => {
      const client = new Client(target);
      const user = await client.register();
      const unknown = await client.login(uniqueEmail("nobody"), user.password);
      const wrong = await client.login(user.email, `${user.password}-wrong`);
      expectProblem(unknown, 401, "invalid_credentials");
      expect(wrong.text).toBe(unknown.text);
      expect(headersThatMatter(wrong)).toEqual(headersThatMatter(unknown));
    });

    it("when they are tried in turns, then neither answers in under half the other's time", async () => {
      // The precise figure is `npm run bench`'s (login case), and that both do the same
      // work, one argon2id verification, is counted in in-process/login-cost.test.ts. Over
      // HTTP, against any target, a coarse bound still catches the leak that matters: an
      // unknown email answered without hashing comes back in a tenth of the time or less.
      const client = new Client(target);
      const user = await client.register();
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let round = 0; round < 14; round++) {
        const a = await client.login(uniqueEmail("nobody"), user.password);
        const b = await client.login(user.email, `${user.password}-wrong-${round}`);
        expectProblem(a, 401, "invalid_credentials");
        expectProblem(b, 401, "invalid_credentials");
        // The first two rounds warm up both paths (JIT, the first hash of the process).
        if (round < 2) continue;
        unknown.push(a.ms);
        wrong.push(b.ms);
      }
      const ratio = median(unknown) / median(wrong);
      const medians = `${median(unknown).toFixed(1)} vs ${median(wrong).toFixed(1)} ms`;
      expect(ratio, medians).toBeGreaterThan(0.5);
      expect(ratio, medians).toBeLessThan(2);
    });
  });

  describe("passwords are verified exactly as sent", () => {
    let client: Client;
    beforeAll(() => {
      client = new Client(target);
    });

    it.each([
      ["ASCII", "a".repeat(80)],
      ["two-byte characters", "é".repeat(40)],
      ["four-byte characters", "🔑".repeat(20)],
    ])(
      "when a password over 72 bytes of %s differs only in its last character, then it does not log in",
      async (_label, prefix) => {
        const user = await client.register({ password: `${prefix}X` });
        expect(Buffer.byteLength(user.password)).toBeGreaterThan(72);
        expectProblem(await client.login(user.email, `${prefix}Y`), 401, "invalid_credentials");
        expect((await client.login(user.email, user.password)).status).toBe(200);
      },
    );

    it("when the password is sent with extra spaces or another letter case, then it does not log in", async () => {
      const user = await client.register({ password: "correct horse battery staple" });
      for (const attempt of [
        " correct horse battery staple",
        "correct horse battery staple ",
        "Correct horse battery staple",
        "correct horse battery staple\n",
      ]) {
        expectProblem(await client.login(user.email, attempt), 401, "invalid_credentials");
      }
    });

    it("when passwords differ only after a NUL byte, then they are different passwords", async () => {
      const user = await client.register({ password: "prefix\u0000first-tail" });
      expectProblem(
        await client.login(user.email, "prefix\u0000other-tail"),
        401,
        "invalid_credentials",
      );
      expectProblem(await client.login(user.email, "prefix"), 401, "invalid_credentials");
      expect((await client.login(user.email, user.password)).status).toBe(200);
    });

    it("when the same letters arrive composed (NFC) or decomposed (NFD), then they are different passwords", async () => {
      const nfc = "pässwörd-ünïcode".normalize("NFC");
      const nfd = nfc.normalize("NFD");
      expect(nfd).not.toBe(nfc);
      const composed = await client.register({ password: nfc });
      expectProblem(await client.login(composed.email, nfd), 401, "invalid_credentials");
      const decomposed = await client.register({ password: nfd });
      expectProblem(await client.login(decomposed.email, nfc), 401, "invalid_credentials");
      expect((await client.login(decomposed.email, nfd)).status).toBe(200);
    });

    it("when a password is over the limit, however long, then it is refused with 400 before any hashing", async () => {
      const user = await client.register();
      const hashed: number[] = [];
      const justOver: number[] = [];
      const huge: number[] = [];
      for (let i = 0; i < 5; i++) {
        hashed.push((await client.login(user.email, `wrong-${i}`)).ms);
        for (const [times, password] of [
          [justOver, "p".repeat(129)],
          [huge, "p".repeat(90_000)],
        ] as const) {
          const login = await client.login(user.email, password);
          expectProblem(login, 400, "validation_failed");
          expect(login.body.errors).toHaveProperty("password");
          times.push(login.ms);
        }
      }
      for (const password of ["p".repeat(129), "p".repeat(90_000)]) {
        const reply = await client.post(apiPaths.register, {
          json: { email: uniqueEmail(), password, name: "Long" },
        });
        expectProblem(reply, 400, "validation_failed");
      }
      // No hash was computed for either: each costs well under half of one verification.
      const hash = median(hashed);
      expect(median(justOver), `129 chars vs a verification of ${hash.toFixed(1)} ms`).toBeLessThan(
        hash / 2,
      );
      expect(median(huge), `90,000 chars vs a verification of ${hash.toFixed(1)} ms`).toBeLessThan(
        hash / 2,
      );
    });
  });

  describe("email addresses", () => {
    let client: Client;
    beforeAll(() => {
      client = new Client(target);
    });

    it("when an address differs only in case, surrounding spaces or Unicode normal form, then it is the same account", async () => {
      const local = `José.Hopper-${Date.now()}`;
      const user = await client.register({ email: `  ${local.normalize("NFD")}@Example.COM ` });
      expect(user.email).toBe(`${local.toLowerCase().normalize("NFC")}@example.com`);
      for (const variant of [
        user.email.toUpperCase(),
        ` ${user.email}\t`,
        user.email.normalize("NFD"),
        `${local.normalize("NFC")}@EXAMPLE.com`,
      ]) {
        const login = await client.login(variant, user.password);
        expect(login.status).toBe(200);
        expect(login.body.user.id).toBe(user.id);
        const again = await client.post(apiPaths.register, {
          json: { email: variant, password: "another password 1", name: "Copy" },
        });
        expectProblem(again, 409, "email_taken");
      }
    });

    it("when an address uses a look-alike letter from another script, then it is a different account", async () => {
      const latin = await client.register({ email: uniqueEmail("paypal") });
      const lookalike = latin.email.replace("a", "\u0430"); // Cyrillic small a
      expect(lookalike).not.toBe(latin.email);
      expectProblem(await client.login(lookalike, latin.password), 401, "invalid_credentials");
      const other = await client.register({ email: lookalike });
      expect(other.id).not.toBe(latin.id);
      expect((await client.login(latin.email, latin.password)).body.user.id).toBe(latin.id);
    });
  });

  describe("request shapes", () => {
    let client: Client;
    beforeAll(() => {
      client = new Client(target);
    });

    it.each<[string, unknown]>([
      ["an object", { $gt: "" }],
      ["an array", ["a@example.com"]],
      ["a number", 1],
      ["null", null],
      ["true", true],
    ])(
      "when a field that must be a string is %s, then the answer is 400 naming the field",
      async (_label, value) => {
        const user = await client.register();
        for (const [path, body, field] of [
          [apiPaths.login, { email: value, password: user.password }, "email"],
          [apiPaths.login, { email: user.email, password: value }, "password"],
          [apiPaths.register, { email: value, password: "long enough 1", name: "N" }, "email"],
          [apiPaths.register, { email: uniqueEmail(), password: value, name: "N" }, "password"],
          [
            apiPaths.register,
            { email: uniqueEmail(), password: "long enough 1", name: value },
            "name",
          ],
        ] as const) {
          const reply = await client.post(path, { json: body });
          expectProblem(reply, 400, "validation_failed");
          expect(reply.body.errors).toHaveProperty(field);
        }
        const patch = await client.request("PATCH", apiPaths.profile, {
          bearer: user.accessToken,
          json: { name: value },
        });
        expectProblem(patch, 400, "validation_failed");
      },
    );

    it("when register carries id, role, createdAt or passwordHash, then they are ignored (no mass assignment)", async () => {
      const email = uniqueEmail();
      const reply = await client.post(apiPaths.register, {
        json: {
          email,
          password: "the real password",
          name: "Eve",
          id: "00000000-0000-0000-0000-000000000000",
          role: "admin",
          isAdmin: true,
          createdAt: "2000-01-01T00:00:00.000Z",
          passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
          password_hash: "x",
        },
      });
      expect(reply.status).toBe(201);
      expect(Object.keys(reply.body.user).sort()).toEqual([
        "createdAt",
        "email",
        "emailVerified",
        "hasPassword",
        "id",
        "name",
      ]);
      expect(reply.body.user.id).not.toBe("00000000-0000-0000-0000-000000000000");
      expect(Date.now() - Date.parse(reply.body.user.createdAt)).toBeLessThan(10 * 60_000);
      expect((await client.login(email, "the real password")).status).toBe(200);
    });

    it("when a profile update carries email, id or passwordHash, then only the name changes", async () => {
      const user = await client.register();
      const reply = await client.request("PATCH", apiPaths.profile, {
        bearer: user.accessToken,
        json: {
          name: "New Name",
          email: uniqueEmail("takeover"),
          id: "someone-else",
          passwordHash: "x",
          createdAt: "2000-01-01T00:00:00.000Z",
        },
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ id: user.id, email: user.email, name: "New Name" });
      expect((await client.login(user.email, user.password)).status).toBe(200);
    });
  });
});

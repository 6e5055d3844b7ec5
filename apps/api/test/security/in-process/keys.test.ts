import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  randomBytes,
  type JsonWebKey,
} from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiPaths } from "@jwt-auth/shared";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeys, USAGE } from "../../../src/cli/generate-keys.js";
import { generatePrivateKeyPem, loadKeys } from "../../../src/auth/load-keys.js";
import { ConfigError, loadConfig } from "../../../src/config/env.js";
import { Client, type Account } from "../support/client.js";
import { expectProblem, expectTokenRefused } from "../support/expect-problem.js";
import { decodeJwt } from "../support/jws.js";
import { startInProcess, type InProcessTarget } from "../support/target.js";

// RFC 7517 (JWKS), RFC 8725 §3.5 (keys), ASVS 5.0 V9.1.3 and V13.3 (secrets management):
// every token names its key, public keys are published for other services, keys rotate
// without logging anyone out, and production refuses to start without real keys.
// Choosing the server's keys needs the process: in-process only.

const production = (env: Record<string, string>) => () =>
  loadConfig({
    NODE_ENV: "production",
    DATABASE_URL: "sqlite::memory:",
    SMTP_URL: "smtp://127.0.0.1:2525",
    MFA_ENCRYPTION_KEY: "a".repeat(64),
    ...env,
  });
const publicPem = (privatePem: string) =>
  createPublicKey(createPrivateKey(privatePem)).export({ type: "spki", format: "pem" }).toString();

describe("keys", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-keys-"));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe.each(["ES256", "RS256"] as const)("with %s", (algorithm) => {
    let target: InProcessTarget;
    let user: Account;
    let client: Client;
    beforeAll(async () => {
      target = await startInProcess({ env: { JWT_ALGORITHM: algorithm } });
      client = new Client(target);
      user = await client.register();
    });
    afterAll(() => target?.close());

    it("when a token is issued, then it names its key, and the JWKS publishes that public key and nothing private", async () => {
      const { header } = decodeJwt(user.accessToken);
      expect(header).toMatchObject({ alg: algorithm, typ: "at+jwt", kid: expect.any(String) });
      const reply = await client.get(apiPaths.jwks);
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
      const keys = reply.body.keys as Array<JsonWebKey & { kid: string }>;
      expect(keys.map((k) => k.kid)).toContain(header.kid);
      for (const key of keys) {
        expect(key).toMatchObject({
          kty: algorithm === "ES256" ? "EC" : "RSA",
          alg: algorithm,
          use: "sig",
        });
        for (const secret of ["d", "p", "q", "dp", "dq", "qi", "k"])
          expect(key).not.toHaveProperty(secret);
      }
    });

    it("when another service verifies a token with the published key, then it checks out", async () => {
      const jwks = (await client.get(apiPaths.jwks)).body.keys as Array<
        JsonWebKey & { kid: string }
      >;
      const { header } = decodeJwt(user.accessToken);
      const jwk = jwks.find((k) => k.kid === header.kid)!;
      const claims = jwt.verify(user.accessToken, createPublicKey({ key: jwk, format: "jwk" }), {
        algorithms: [algorithm],
        issuer: target.app.config.jwt.issuer,
        audience: target.app.config.jwt.audience,
      });
      expect(claims).toMatchObject({ sub: user.id });
    });

    it("when the server holds its keys, then they are KeyObjects and only public keys verify", () => {
      const keys = target.app.deps.keys;
      expect(keys.signing.privateKey).toBeInstanceOf(KeyObject);
      expect(keys.signing.privateKey.type).toBe("private");
      for (const key of keys.verifiers.values()) {
        expect(key).toBeInstanceOf(KeyObject);
        expect(key.type).toBe("public");
      }
    });
  });

  describe("with HS256", () => {
    let target: InProcessTarget;
    beforeAll(async () => {
      target = await startInProcess({ env: { JWT_ALGORITHM: "HS256" } });
    });
    afterAll(() => target?.close());

    it("when the JWKS is asked for, then the answer is a 404 problem: the secret never leaves", async () => {
      expectProblem(await new Client(target).get(apiPaths.jwks), 404, "not_found");
    });

    it("when a token is issued, then it names its key, and the secret is held as a KeyObject", async () => {
      const user = await new Client(target).register();
      expect(decodeJwt(user.accessToken).header).toMatchObject({
        alg: "HS256",
        kid: target.app.deps.keys.signing.kid,
      });
      expect(target.app.deps.keys.signing.privateKey).toBeInstanceOf(KeyObject);
      expect(target.app.deps.keys.signing.privateKey.type).toBe("secret");
      // The kid names the secret without revealing it.
      expect(target.app.deps.keys.signing.kid).not.toContain(
        target.app.config.jwt.secret!.slice(0, 8),
      );
    });
  });

  describe("rotation, as docs/security.md describes it", () => {
    /** One deployment's database, seen by each phase of the rotation in turn. */
    const phases = (env: Record<string, string>) => {
      const databaseUrl = `sqlite:${path.join(tempDir(), "rotation.db")}`;
      return (extra: Record<string, string>) =>
        startInProcess({ env: { DATABASE_URL: databaseUrl, ...env, ...extra } });
    };
    const jwksKids = async (target: InProcessTarget) =>
      ((await new Client(target).get(apiPaths.jwks)).body.keys as Array<{ kid: string }>).map(
        (k) => k.kid,
      );

    it("when an ES256 key pair is rotated, then old tokens live while the old key is listed as previous, and die once it is retired", async () => {
      const oldKey = generatePrivateKeyPem("ES256");
      const newKey = generatePrivateKeyPem("ES256");
      const start = phases({ JWT_ALGORITHM: "ES256" });

      // Before: the old key signs.
      let target = await start({ JWT_PRIVATE_KEY: oldKey });
      const user = await new Client(target).register();
      const oldKid = decodeJwt(user.accessToken).header.kid;
      await target.close();

      // Step 1: publish the new public key ahead of use, so verifiers with cached JWKS know it.
      target = await start({
        JWT_PRIVATE_KEY: oldKey,
        JWT_PREVIOUS_PUBLIC_KEYS: publicPem(newKey),
      });
      expect((await jwksKids(target)).length).toBe(2);
      await target.close();

      // Step 2: the new key signs; the old public key verifies what it signed.
      target = await start({
        JWT_PRIVATE_KEY: newKey,
        JWT_PREVIOUS_PUBLIC_KEYS: publicPem(oldKey),
      });
      let client = new Client(target);
      expect((await client.profile(user.accessToken)).status).toBe(200);
      const refreshed = await client.refresh(user.refreshToken);
      expect(refreshed.status).toBe(200);
      const newToken = refreshed.body.accessToken as string;
      const newKid = decodeJwt(newToken).header.kid;
      expect(newKid).not.toBe(oldKid);
      expect(await jwksKids(target)).toEqual(expect.arrayContaining([oldKid, newKid]));
      await target.close();

      // Step 3, once the access-token lifetime has passed: the old key is retired.
      target = await start({ JWT_PRIVATE_KEY: newKey });
      client = new Client(target);
      expectTokenRefused(await client.profile(user.accessToken), "token_invalid");
      expect((await client.profile(newToken)).status).toBe(200);
      expect(await jwksKids(target)).toEqual([newKid]);
      // Sessions outlive the rotation: the refresh token from step 2 still refreshes.
      expect((await client.refresh(refreshed.refreshToken!)).status).toBe(200);
      await target.close();
    });

    it("when an HS256 secret is rotated, then old tokens live while the old secret is listed as previous, and die once it is retired", async () => {
      const oldSecret = randomBytes(48).toString("base64url");
      const newSecret = randomBytes(48).toString("base64url");
      const start = phases({ JWT_ALGORITHM: "HS256" });

      let target = await start({ JWT_SECRET: oldSecret });
      const user = await new Client(target).register();
      await target.close();

      target = await start({ JWT_SECRET: newSecret, JWT_PREVIOUS_SECRETS: oldSecret });
      const login = await new Client(target).login(user.email, user.password);
      expect((await new Client(target).profile(user.accessToken)).status).toBe(200);
      expect(decodeJwt(login.body.accessToken).header.kid).not.toBe(
        decodeJwt(user.accessToken).header.kid,
      );
      await target.close();

      target = await start({ JWT_SECRET: newSecret });
      expectTokenRefused(await new Client(target).profile(user.accessToken), "token_invalid");
      expect((await new Client(target).profile(login.body.accessToken)).status).toBe(200);
      await target.close();
    });
  });

  describe("configuration", () => {
    const refusal = (load: () => unknown) => {
      try {
        load();
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error("the configuration was accepted");
    };

    it.each<[string, Record<string, string>, RegExp]>([
      ["no secret", {}, /^JWT_SECRET is required/],
      ["a 31-byte secret", { JWT_SECRET: "s".repeat(31) }, /^JWT_SECRET must be at least 32 bytes/],
      [
        "a short previous secret",
        { JWT_SECRET: "s".repeat(32), JWT_PREVIOUS_SECRETS: `${"p".repeat(32)},short` },
        /^JWT_PREVIOUS_SECRETS /,
      ],
      [
        "ES256 without a private key",
        { JWT_ALGORITHM: "ES256" },
        /^JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required/,
      ],
      [
        "RS256 without a private key",
        { JWT_ALGORITHM: "RS256", JWT_SECRET: "s".repeat(32) },
        /^JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required/,
      ],
      [
        "alg none",
        { JWT_ALGORITHM: "none", JWT_SECRET: "s".repeat(32) },
        /^JWT_ALGORITHM must be one of/,
      ],
      [
        "a clock leeway over 30 s",
        { JWT_SECRET: "s".repeat(32), JWT_CLOCK_TOLERANCE: "31s" },
        /^JWT_CLOCK_TOLERANCE /,
      ],
    ])(
      "when production starts with %s, then it refuses in one line naming the variable",
      (_label, env, message) => {
        const text = refusal(production(env));
        expect(text).toMatch(message);
        expect(text).not.toContain("\n");
      },
    );

    it("when production has a 32-byte secret, then it starts; outside production a missing secret is generated", () => {
      expect(production({ JWT_SECRET: "s".repeat(32) })().jwt.secret).toBe("s".repeat(32));
      expect(loadConfig({ NODE_ENV: "development" }).jwt.secret).toBeUndefined();
    });

    it("when a key does not fit the algorithm or is too weak, then the server refuses to start", () => {
      const rsa1024 = generateKeyPairSync("rsa", { modulusLength: 1024 })
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString();
      const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" })
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString();
      for (const [env, message] of [
        [
          { JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: rsa1024 },
          /^JWT_PRIVATE_KEY does not fit JWT_ALGORITHM=ES256/,
        ],
        [{ JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: p384 }, /^JWT_PRIVATE_KEY does not fit/],
        [
          { JWT_ALGORITHM: "RS256", JWT_PRIVATE_KEY: rsa1024 },
          /^JWT_PRIVATE_KEY does not fit JWT_ALGORITHM=RS256/,
        ],
        [
          { JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: "not a key" },
          /^JWT_PRIVATE_KEY is not a PEM private key/,
        ],
        [
          {
            JWT_ALGORITHM: "ES256",
            JWT_PRIVATE_KEY: generatePrivateKeyPem("ES256"),
            JWT_PREVIOUS_PUBLIC_KEYS: publicPem(p384),
          },
          /^JWT_PREVIOUS_PUBLIC_KEYS does not fit/,
        ],
      ] as const) {
        // bootstrap() loads the key ring before anything listens: this is where start-up stops.
        expect(() => loadKeys(production(env)())).toThrow(ConfigError);
        expect(() => loadKeys(production(env)())).toThrow(message);
      }
    });
  });

  describe("npm run keys", () => {
    const run = (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = generateKeys(argv, {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        cwd: tempDir(),
      });
      return { code, out: out.join("\n"), err: err.join("\n") };
    };

    it("when asked for help or given a bad argument, then it prints the usage (and fails on the bad argument)", () => {
      expect(run("--help")).toMatchObject({ code: 0, out: USAGE });
      for (const argv of [["--alg", "none"], ["--alg"], ["--bogus"], ["--out"]]) {
        const result = run(...argv);
        expect(result.code).toBe(2);
        expect(result.err).toContain("Usage: npm run keys");
      }
    });

    it("when asked for HS256 (the default), then it prints a secret that production accepts", () => {
      for (const result of [run(), run("--alg", "hs256")]) {
        expect(result.code).toBe(0);
        const secret = /^JWT_SECRET=(.+)$/m.exec(result.out)![1]!;
        expect(Buffer.from(secret, "base64url").length).toBe(48);
        expect(production({ JWT_SECRET: secret })().jwt.secret).toBe(secret);
      }
    });

    it("when asked for ES256, then it writes a key pair (private 0600, named by its key id) that the server signs with", async () => {
      const dir = tempDir();
      const out: string[] = [];
      expect(
        generateKeys(["--alg", "ES256", "--out", "k"], {
          out: (l) => out.push(l),
          err: () => {},
          cwd: dir,
        }),
      ).toBe(0);
      const file = /^JWT_PRIVATE_KEY_FILE=(.+)$/m.exec(out.join("\n"))![1]!;
      expect(path.dirname(file)).toBe(path.join(dir, "k"));
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const kid = /key id is ([A-Za-z0-9_-]+)/.exec(out.join("\n"))![1];

      const target = await startInProcess({
        env: { JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY_FILE: file },
      });
      try {
        const user = await new Client(target).register();
        expect(decodeJwt(user.accessToken).header.kid).toBe(kid);
      } finally {
        await target.close();
      }
      // A second pair goes next to the first (named by its key id): the first is untouched.
      const before = fs.readFileSync(file, "utf8");
      expect(
        generateKeys(["--alg", "ES256", "--out", "k"], { out: () => {}, err: () => {}, cwd: dir }),
      ).toBe(0);
      expect(fs.readdirSync(path.join(dir, "k"))).toHaveLength(4);
      expect(fs.readFileSync(file, "utf8")).toBe(before);
    });
  });
});

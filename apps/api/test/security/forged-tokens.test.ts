import { createPublicKey, generateKeyPairSync, type JsonWebKey } from "node:crypto";
import http from "node:http";
import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type Account } from "./support/client.js";
import { expectProblem, expectTokenRefused } from "./support/expect-problem.js";
import {
  b64url,
  decodeJwt,
  ecdsa,
  hmac,
  jws,
  rsa,
  withPayload,
  type DecodedJwt,
} from "./support/jws.js";
import { ATTACK_BASE_URL, startTarget, type Target } from "./support/target.js";

// RFC 8725 §2.1-2.3 and §3.1-3.2, ASVS 5.0 V9.1: what an outsider can forge without the
// server's key. In-process every attack runs against an HS256, an ES256 and an RS256 server;
// in URL mode against the target, whatever it signs with.
const servers = ATTACK_BASE_URL
  ? [{ label: "the target", env: {} }]
  : [
      { label: "an HS256 server", env: { JWT_ALGORITHM: "HS256" } },
      { label: "an ES256 server", env: { JWT_ALGORITHM: "ES256" } },
      { label: "an RS256 server", env: { JWT_ALGORITHM: "RS256" } },
    ];

const attackerEc = generateKeyPairSync("ec", { namedCurve: "P-256" });
const attackerRsa = generateKeyPairSync("rsa", { modulusLength: 2048 });

describe.each(servers)("forged tokens against $label", ({ env }) => {
  let target: Target;
  let client: Client;
  let victim: Account;
  let real: DecodedJwt;

  beforeAll(async () => {
    target = await startTarget({ env });
    client = new Client(target);
    victim = await client.register();
    real = decodeJwt(victim.accessToken);
  });
  afterAll(() => target?.close());

  const refused = async (token: string) =>
    expectTokenRefused(await client.profile(token), "token_invalid");

  it("when the token the server issued is sent unchanged, then it is accepted (the control for every attack below)", async () => {
    const reply = await client.profile(victim.accessToken);
    expect(reply.status).toBe(200);
    expect(real.header).toMatchObject({
      alg: expect.stringMatching(/^(HS256|ES256|RS256)$/),
      typ: "at+jwt",
      kid: expect.any(String),
    });
  });

  it.each(["none", "None", "NONE", "nOnE", "NoNe"])(
    'when alg is "%s", then the token is refused with or without a signature',
    async (alg) => {
      await refused(jws({ ...real.header, alg }, real.payload));
      await refused(jws({ ...real.header, alg }, real.payload, () => real.signature));
      await refused(jws({ alg, typ: "JWT" }, real.payload));
    },
  );

  it("when the signature is stripped, emptied or zeroed, then the token is refused", async () => {
    const [h, p] = real.parts;
    const length = Buffer.from(real.signature, "base64url").length;
    await refused(`${h}.${p}.`);
    await refused(`${h}.${p}`);
    await refused(`${h}.${p}.${b64url(Buffer.alloc(length))}`);
    await refused(`${h}.${p}.AA`);
    await refused(`${h}.${p}.null`);
  });

  it("when a token is signed with HMAC and an empty key, then it is refused", async () => {
    for (const alg of ["HS256", "HS384", "HS512"]) {
      await refused(jws({ ...real.header, alg }, real.payload, hmac("", `sha${alg.slice(2)}`)));
    }
  });

  it("when the claims are changed and the signature kept, then the token is refused", async () => {
    const other = await client.register();
    const year = 365 * 86_400;
    const changes: Array<Record<string, unknown>> = [
      { sub: other.id },
      { sid: decodeJwt(other.accessToken).payload.sid },
      { email: other.email },
      { exp: (real.payload.exp as number) + year },
      { aud: "another-service" },
      { iss: "https://attacker.example" },
    ];
    for (const change of changes)
      await refused(withPayload(victim.accessToken, { ...real.payload, ...change }));
  });

  it("when a token is HMAC-signed with the server's public key (key confusion), then it is refused", async () => {
    const reply = await client.get(apiPaths.jwks);
    if (real.header.alg === "HS256") {
      // Nothing public to confuse with: the secret never leaves the server.
      expectProblem(reply, 404, "not_found");
      return;
    }
    expect(reply.status).toBe(200);
    for (const jwk of reply.body.keys as JsonWebKey[]) {
      const publicKey = createPublicKey({ key: jwk, format: "jwk" });
      const spki = publicKey.export({ type: "spki", format: "pem" }).toString();
      const secrets: Array<string | Buffer> = [
        spki,
        spki.trim(),
        publicKey.export({ type: "spki", format: "der" }),
        JSON.stringify(jwk),
        jwk.x ?? jwk.n ?? "",
      ];
      if (jwk.kty === "RSA")
        secrets.push(publicKey.export({ type: "pkcs1", format: "pem" }).toString());
      for (const secret of secrets) {
        for (const alg of ["HS256", "HS384", "HS512"]) {
          await refused(
            jws(
              { ...real.header, alg, kid: jwk.kid },
              real.payload,
              hmac(secret, `sha${alg.slice(2)}`),
            ),
          );
        }
      }
    }
  });

  it("when the header embeds the attacker's own public key (jwk), then the token is refused", async () => {
    const ecJwk = attackerEc.publicKey.export({ format: "jwk" });
    const rsaJwk = attackerRsa.publicKey.export({ format: "jwk" });
    await refused(
      jws(
        { alg: "ES256", typ: "at+jwt", kid: real.header.kid, jwk: ecJwk },
        real.payload,
        ecdsa(attackerEc.privateKey),
      ),
    );
    await refused(
      jws(
        { alg: "RS256", typ: "at+jwt", kid: real.header.kid, jwk: rsaJwk },
        real.payload,
        rsa(attackerRsa.privateKey),
      ),
    );
    await refused(
      jws({ alg: "ES256", typ: "at+jwt", jwk: ecJwk }, real.payload, ecdsa(attackerEc.privateKey)),
    );
  });

  it("when jku, x5u or x5c point at the attacker's keys, then the token is refused and the server fetches nothing", async () => {
    let connections = 0;
    const attackerJwks = JSON.stringify({
      keys: [
        {
          ...attackerEc.publicKey.export({ format: "jwk" }),
          kid: "attacker",
          alg: "ES256",
          use: "sig",
        },
      ],
    });
    const listener = http.createServer((_req, res) =>
      res.setHeader("Content-Type", "application/json").end(attackerJwks),
    );
    listener.on("connection", () => connections++);
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    try {
      const port = (listener.address() as { port: number }).port;
      const url = `http://127.0.0.1:${port}/jwks.json`;
      const sign = ecdsa(attackerEc.privateKey);
      for (const kid of ["attacker", real.header.kid]) {
        await refused(jws({ alg: "ES256", typ: "at+jwt", kid, jku: url }, real.payload, sign));
        await refused(jws({ alg: "ES256", typ: "at+jwt", kid, x5u: url }, real.payload, sign));
        await refused(
          jws(
            { alg: "ES256", typ: "at+jwt", kid, x5c: [b64url("not a certificate")] },
            real.payload,
            sign,
          ),
        );
        await refused(jws({ ...real.header, kid, jku: url }, real.payload, () => real.signature));
      }
      // The refusals are answered after verification, so a fetch would already have happened.
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
  });

  it.each<[string, unknown, string | Buffer]>([
    ["path traversal to an empty file", "../../../../../../../../dev/null", ""],
    ["an absolute path", "/dev/null", ""],
    ["SQL that selects a known string", "' UNION SELECT 'attacker' -- ", "attacker"],
    ["SQL that always matches", "x' OR '1'='1", "x"],
    ["a command", "$(touch /tmp/pwned)", ""],
    ["a huge string", "k".repeat(6000), ""],
    ["a number", 1, ""],
    ["an object", { $ne: null }, ""],
    ["an array", ["x"], ""],
    ["null", null, ""],
    ["true", true, ""],
    ["an empty string", "", ""],
  ])("when kid is %s, then the token is refused", async (_label, kid, secret) => {
    await refused(jws({ ...real.header, alg: "HS256", kid }, real.payload, hmac(secret)));
    await refused(jws({ ...real.header, kid }, real.payload, () => real.signature));
  });

  it("when a token carries an all-zero ES256 signature (psychic signature), then it is refused", async () => {
    const zero = b64url(Buffer.alloc(64));
    await refused(jws({ ...real.header, alg: "ES256" }, real.payload, () => zero));
    await refused(
      jws(
        { alg: "ES256", typ: "at+jwt", kid: real.header.kid },
        { ...real.payload, sub: "someone-else" },
        () => zero,
      ),
    );
  });

  it("when a token is signed by the attacker's own key pair under the server's kid, then it is refused", async () => {
    await refused(
      jws({ ...real.header, alg: "ES256" }, real.payload, ecdsa(attackerEc.privateKey)),
    );
    await refused(jws({ ...real.header, alg: "RS256" }, real.payload, rsa(attackerRsa.privateKey)));
    await refused(
      jws(
        { ...real.header, alg: "PS256" },
        real.payload,
        rsa(attackerRsa.privateKey, "sha256", true),
      ),
    );
  });
});

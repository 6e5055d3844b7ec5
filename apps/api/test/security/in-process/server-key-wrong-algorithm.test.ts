import type { KeyObject } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type Account } from "../support/client.js";
import { expectTokenRefused } from "../support/expect-problem.js";
import { decodeJwt, ecdsa, hmac, jws, nowSeconds, rsa } from "../support/jws.js";
import { signWithServerKey } from "../support/server-signer.js";
import { startInProcess, type InProcessTarget } from "../support/target.js";

// RFC 8725 §3.1, ASVS 5.0 V9.1.2: the algorithm is pinned, so even the right key used with
// another algorithm (or the right algorithm name over another hash) does not verify.
// Signing with the server's key needs the key: in-process only.
describe.each([
  {
    algorithm: "HS256",
    variants: (key: KeyObject) => [
      { alg: "HS384", sign: hmac(key, "sha384") },
      { alg: "HS512", sign: hmac(key, "sha512") },
      { alg: "HS256", sign: hmac(key, "sha512") },
    ],
  },
  {
    algorithm: "ES256",
    variants: (key: KeyObject) => [
      { alg: "ES384", sign: ecdsa(key, "sha384") },
      { alg: "ES512", sign: ecdsa(key, "sha512") },
      { alg: "ES256", sign: ecdsa(key, "sha384") },
    ],
  },
  {
    algorithm: "RS256",
    variants: (key: KeyObject) => [
      { alg: "PS256", sign: rsa(key, "sha256", true) },
      { alg: "RS384", sign: rsa(key, "sha384") },
      { alg: "RS512", sign: rsa(key, "sha512") },
    ],
  },
] as const)("the $algorithm server's own key with another algorithm", ({ algorithm, variants }) => {
  let target: InProcessTarget;
  let client: Client;
  let user: Account;

  beforeAll(async () => {
    target = await startInProcess({ env: { JWT_ALGORITHM: algorithm } });
    client = new Client(target);
    user = await client.register();
  });
  afterAll(() => target?.close());

  it("when the server's key signs with the pinned algorithm, then the token is accepted (the control)", async () => {
    const claims = {
      ...decodeJwt(user.accessToken).payload,
      iat: nowSeconds(),
      exp: nowSeconds() + 300,
    };
    expect((await client.profile(signWithServerKey(target.app.deps.keys, {}, claims))).status).toBe(
      200,
    );
  });

  it("when the server's key signs with any other algorithm or hash, then the token is refused", async () => {
    const { header, payload } = decodeJwt(user.accessToken);
    for (const { alg, sign } of variants(target.app.deps.keys.signing.privateKey)) {
      expectTokenRefused(
        await client.profile(jws({ ...header, alg }, payload, sign)),
        "token_invalid",
      );
    }
  });
});

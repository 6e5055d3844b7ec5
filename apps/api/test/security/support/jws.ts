import { constants, createHmac, createSign, type KeyObject } from "node:crypto";

/**
 * Hand-built JWS compact serialisations, so a test can write exactly the bytes an attacker
 * would: any header, any payload (even one that is not JSON), any signature. jsonwebtoken
 * refuses to produce most of these, which is the point of building them by hand.
 */
export function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

/** A JSON value, or `{ raw }` for bytes that are sent as they are. */
export type Part = unknown;

function encodePart(part: Part): string {
  if (
    part !== null &&
    typeof part === "object" &&
    "raw" in part &&
    typeof (part as { raw: unknown }).raw === "string"
  ) {
    return b64url((part as { raw: string }).raw);
  }
  return b64url(JSON.stringify(part));
}

export function signingInput(header: Part, payload: Part): string {
  return `${encodePart(header)}.${encodePart(payload)}`;
}

export function jws(
  header: Part,
  payload: Part,
  sign: (input: string) => Buffer | string = () => "",
): string {
  const input = signingInput(header, payload);
  const signature = sign(input);
  return `${input}.${typeof signature === "string" ? signature : b64url(signature)}`;
}

export const hmac =
  (key: string | Buffer | KeyObject, hash = "sha256") =>
  (input: string) =>
    createHmac(hash, key).update(input).digest();

/** ECDSA in JWS form (r || s, RFC 7518 §3.4), with the hash given. */
export const ecdsa =
  (key: KeyObject, hash = "sha256") =>
  (input: string) =>
    createSign(hash).update(input).sign({ key, dsaEncoding: "ieee-p1363" });

export const rsa =
  (key: KeyObject, hash = "sha256", pss = false) =>
  (input: string) =>
    createSign(hash)
      .update(input)
      .sign(pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key);

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
  parts: [string, string, string];
}

export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split(".") as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")),
    payload: JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")),
    signature: parts[2],
    parts,
  };
}

/** The same token with its payload replaced and its original signature kept. */
export function withPayload(token: string, payload: Record<string, unknown>): string {
  const { parts } = decodeJwt(token);
  return `${parts[0]}.${b64url(JSON.stringify(payload))}.${parts[2]}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

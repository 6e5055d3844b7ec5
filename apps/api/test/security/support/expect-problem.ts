import { PROBLEM_CONTENT_TYPE, type ErrorCode } from "@jwt-auth/shared";
import { expect } from "vitest";
import type { Reply } from "./client.js";

/**
 * Fragments that would betray the stack, the database, the file system or a library
 * behind an answer. None may ever reach a client.
 */
export const LEAK_PATTERNS: RegExp[] = [
  /\bat [\w.<>]+ \(/, // a stack frame
  /node_modules|node:internal|\/work\/|\/home\/|\/tmp\/|[A-Z]:\\/,
  /SQLITE|sqlite|postgres|kysely|syntax error at or near/i,
  /SyntaxError|TypeError|ReferenceError|RangeError|ZodError|JsonWebTokenError|TokenExpiredError/,
  /Unexpected (token|end of JSON)|"[^"]*" is not valid JSON|JSON at position/,
  /body-parser|express|passport|jsonwebtoken|argon2/i,
];

export function expectNoLeak(text: string): void {
  for (const pattern of LEAK_PATTERNS)
    expect(text, `response leaks ${pattern}`).not.toMatch(pattern);
}

/** An RFC 9457 problem with the given status and stable code, and nothing it should not say. */
export function expectProblem(reply: Reply, status: number, code: ErrorCode): void {
  expect({ status: reply.status, code: reply.body?.code }, reply.text).toEqual({ status, code });
  expect(reply.headers.get("content-type")).toMatch(
    new RegExp(`^${PROBLEM_CONTENT_TYPE.replace("+", "\\+")}`),
  );
  expect(reply.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    code,
  });
  expectNoLeak(reply.text);
}

/** A protected route's refusal: 401, the stable code and an RFC 6750 challenge. */
export function expectTokenRefused(
  reply: Reply,
  code: "token_invalid" | "token_expired" | "token_revoked" | "token_missing",
): void {
  expectProblem(reply, 401, code);
  const challenge = reply.headers.get("www-authenticate") ?? "";
  expect(challenge).toMatch(/^Bearer realm="api"/);
  if (code === "token_missing") expect(challenge).not.toMatch(/error=/);
  else expect(challenge).toMatch(/error="invalid_token"/);
}

import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { createRequireFresh } from "../../src/auth/require-fresh.js";
import { AppError } from "../../src/http/app-error.js";

/** The step-up rule on its own: `auth_time` within the maximum age, by the app's clock. */
function run(maxAge: number, nowMs: number, authTime: number): unknown {
  let passed: unknown = "not called";
  const req = { user: { authTime } } as unknown as Request;
  createRequireFresh(maxAge, () => nowMs)(req, {} as Response, (err?: unknown) => {
    passed = err;
  });
  return passed;
}

describe("requireFresh", () => {
  const now = Date.parse("2026-06-01T12:00:00Z");
  const seconds = Math.floor(now / 1000);

  it("when the sign-in is within the maximum age, then the request goes on", () => {
    expect(run(600, now, seconds - 600)).toBeUndefined();
  });

  it("when the sign-in is older, then it answers 401 reauthentication_required with the RFC 9470 challenge", () => {
    const err = run(600, now, seconds - 601);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(401);
    expect((err as AppError).code).toBe("reauthentication_required");
    expect((err as AppError).headers["WWW-Authenticate"]).toBe(
      'Bearer realm="api", error="insufficient_user_authentication", max_age=600',
    );
  });
});

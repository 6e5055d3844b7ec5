import { describe, expect, it } from "vitest";
import { VerifiedTokenCache } from "../../src/auth/verified-token-cache.js";

const T0 = 1_800_000_000; // seconds

function cacheAt(
  clock: { seconds: number },
  options: { maxEntries?: number; clockToleranceSeconds?: number } = {},
) {
  return new VerifiedTokenCache({
    maxEntries: options.maxEntries ?? 100,
    clockToleranceSeconds: options.clockToleranceSeconds ?? 0,
    now: () => clock.seconds * 1000,
  });
}

describe("VerifiedTokenCache", () => {
  it("when a remembered token is asked for within its lifetime, then its claims come back", () => {
    const clock = { seconds: T0 };
    const cache = cacheAt(clock);
    cache.remember("token-a", { sub: "u1", exp: T0 + 60 });
    expect(cache.get("token-a")).toEqual({ sub: "u1", exp: T0 + 60 });
    expect(cache.get("token-b")).toBeUndefined();
  });

  it("when the clock reaches exp, then the token is no longer served and is dropped (the same second jsonwebtoken refuses it)", () => {
    const clock = { seconds: T0 };
    const cache = cacheAt(clock);
    cache.remember("token", { exp: T0 + 60 });
    clock.seconds = T0 + 59.999;
    expect(cache.get("token")).toBeDefined();
    clock.seconds = T0 + 60;
    expect(cache.get("token")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("when a leeway is configured, then exp is enforced with exactly that leeway", () => {
    const clock = { seconds: T0 + 60 };
    const cache = cacheAt(clock, { clockToleranceSeconds: 5 });
    cache.remember("token", { exp: T0 + 60 });
    clock.seconds = T0 + 64;
    expect(cache.get("token")).toBeDefined();
    clock.seconds = T0 + 65;
    expect(cache.get("token")).toBeUndefined();
  });

  it("when a token is not yet valid (nbf in the future), then it is not served", () => {
    const clock = { seconds: T0 };
    const cache = cacheAt(clock);
    cache.remember("token", { exp: T0 + 60, nbf: T0 });
    clock.seconds = T0 - 1;
    expect(cache.get("token")).toBeUndefined();
  });

  it("when claims have no numeric exp or are already expired, then they are not remembered", () => {
    const clock = { seconds: T0 };
    const cache = cacheAt(clock);
    cache.remember("no-exp", { sub: "u1" });
    cache.remember("string-exp", { exp: String(T0 + 60) });
    cache.remember("expired", { exp: T0 });
    expect(cache.size).toBe(0);
  });

  it("when more tokens than its bound arrive, then the least recently used ones leave first", () => {
    const clock = { seconds: T0 };
    const cache = cacheAt(clock, { maxEntries: 3 });
    for (const token of ["a", "b", "c"]) cache.remember(token, { exp: T0 + 60 });
    cache.get("a"); // a is now the most recently used
    cache.remember("d", { exp: T0 + 60 });
    expect(cache.size).toBe(3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
    expect(cache.get("d")).toBeDefined();
  });

  it("when the caller changes the claims it remembered, then the cached copy stays as verified", () => {
    const clock = { seconds: T0 };
    const cache = cacheAt(clock);
    const claims: Record<string, unknown> = { sub: "u1", exp: T0 + 60 };
    cache.remember("token", claims);
    claims.sub = "someone else";
    expect(cache.get("token")?.sub).toBe("u1");
    expect(Object.isFrozen(cache.get("token"))).toBe(true);
  });
});

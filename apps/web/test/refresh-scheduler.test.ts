import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  MIN_REFRESH_DELAY_MS,
  refreshDelayMs,
  startRefreshScheduler,
} from "../src/lib/refresh-scheduler";
import { clearToken, setToken } from "../src/lib/token-storage";
import { makeJwt } from "./helpers";

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const nowSeconds = NOW / 1000;

describe("refreshDelayMs", () => {
  it("when a 15-minute token was just issued, then it is renewed 30 s before expiry", () => {
    expect(refreshDelayMs({ iat: nowSeconds, exp: nowSeconds + 900 }, NOW)).toBe(870_000);
  });

  it("when a token is short-lived, then it is renewed at 80% of its lifetime", () => {
    expect(refreshDelayMs({ iat: nowSeconds, exp: nowSeconds + 60 }, NOW)).toBe(48_000);
  });

  it("when a token is about to expire or already expired, then the delay is never below the minimum", () => {
    expect(refreshDelayMs({ iat: nowSeconds - 900, exp: nowSeconds + 10 }, NOW)).toBe(
      MIN_REFRESH_DELAY_MS,
    );
    expect(refreshDelayMs({ iat: nowSeconds - 900, exp: nowSeconds - 60 }, NOW)).toBe(
      MIN_REFRESH_DELAY_MS,
    );
  });

  it("when a token lives for months, then the delay still fits in a timer", () => {
    expect(refreshDelayMs({ iat: nowSeconds, exp: nowSeconds + 90 * 86_400 }, NOW)).toBe(
      2 ** 31 - 1,
    );
  });
});

describe("startRefreshScheduler", () => {
  let stop: (() => void) | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });

  afterEach(() => {
    stop?.();
    stop = undefined;
  });

  it("when a stored token is found at start, then it is refreshed 30 s before its exp", () => {
    localStorage.setItem("accessToken", makeJwt({ iat: nowSeconds - 100, exp: nowSeconds + 800 }));
    const refresh = vi.fn(() => Promise.resolve());
    stop = startRefreshScheduler(refresh);

    vi.advanceTimersByTime(769_999);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("when there is no token, then nothing is scheduled", () => {
    const refresh = vi.fn(() => Promise.resolve());
    stop = startRefreshScheduler(refresh);
    vi.advanceTimersByTime(3_600_000);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("when a new token arrives, then the timer is re-armed for it", () => {
    setToken(makeJwt({ iat: nowSeconds, exp: nowSeconds + 900 }));
    const refresh = vi.fn(() => Promise.resolve());
    stop = startRefreshScheduler(refresh);

    vi.advanceTimersByTime(600_000);
    setToken(makeJwt({ iat: nowSeconds + 600, exp: nowSeconds + 1_500 }));
    vi.advanceTimersByTime(300_000); // past the first token's refresh time
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(570_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("when a new token arrives and the client clock is wrong, then the delay counts from its iat", () => {
    const refresh = vi.fn(() => Promise.resolve());
    stop = startRefreshScheduler(refresh);
    // The server's clock is an hour ahead: by the client's clock this token is not even valid yet.
    setToken(makeJwt({ iat: nowSeconds + 3_600, exp: nowSeconds + 4_500 }));
    vi.advanceTimersByTime(870_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("when the token is cleared (logout), then the pending refresh is cancelled", () => {
    setToken(makeJwt());
    const refresh = vi.fn(() => Promise.resolve());
    stop = startRefreshScheduler(refresh);
    clearToken();
    vi.advanceTimersByTime(3_600_000);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("when the scheduler is stopped, then it refreshes nothing and stops listening", () => {
    setToken(makeJwt());
    const refresh = vi.fn(() => Promise.resolve());
    startRefreshScheduler(refresh)();
    setToken(makeJwt({ sub: "user-2" }));
    vi.advanceTimersByTime(3_600_000);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("when a refresh fails, then the error does not escape the timer", async () => {
    setToken(makeJwt({ iat: nowSeconds, exp: nowSeconds + 60 }));
    const refresh = vi.fn(() => Promise.reject(new Error("offline")));
    stop = startRefreshScheduler(refresh);
    await vi.advanceTimersByTimeAsync(48_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});

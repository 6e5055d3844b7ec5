import { describe, expect, it, vi } from "vitest";
import {
  clearToken,
  getToken,
  setToken,
  subscribeToken,
  TOKEN_STORAGE_KEY,
} from "../src/lib/token-storage";

function otherTabWrites(newValue: string | null, key: string | null = TOKEN_STORAGE_KEY): void {
  // The browser changes the shared storage, then tells every other tab with a `storage` event.
  if (key === null) localStorage.clear();
  else if (newValue === null) localStorage.removeItem(key);
  else localStorage.setItem(key, newValue);
  window.dispatchEvent(new StorageEvent("storage", { key, newValue, storageArea: localStorage }));
}

describe("token storage", () => {
  it("when nothing was stored, then there is no token", () => {
    expect(getToken()).toBeNull();
  });

  it("when a token is set, then it is kept in localStorage as the bare JWT string", () => {
    setToken("header.payload.signature");
    expect(getToken()).toBe("header.payload.signature");
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe("header.payload.signature");
  });

  it("when the token is cleared, then it is gone from localStorage", () => {
    setToken("a.b.c");
    clearToken();
    expect(getToken()).toBeNull();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it("when an empty token is set, then it is refused", () => {
    expect(() => setToken("")).toThrow();
    expect(getToken()).toBeNull();
  });

  it("when the token changes in this tab, then subscribers hear the new value, once per change", () => {
    const listener = vi.fn();
    const unsubscribe = subscribeToken(listener);
    setToken("a.b.c");
    setToken("a.b.c");
    clearToken();
    clearToken();
    expect(listener.mock.calls).toEqual([["a.b.c"], [null]]);
    unsubscribe();
  });

  it("when another tab logs in or out, then subscribers hear it through the storage event", () => {
    const listener = vi.fn();
    const unsubscribe = subscribeToken(listener);
    otherTabWrites("x.y.z");
    expect(listener).toHaveBeenLastCalledWith("x.y.z");
    expect(getToken()).toBe("x.y.z");
    otherTabWrites(null);
    expect(listener).toHaveBeenLastCalledWith(null);
    unsubscribe();
  });

  it("when another tab clears all of localStorage, then subscribers hear that the token is gone", () => {
    setToken("a.b.c");
    const listener = vi.fn();
    const unsubscribe = subscribeToken(listener);
    otherTabWrites(null, null);
    expect(listener).toHaveBeenCalledWith(null);
    unsubscribe();
  });

  it("when another tab changes an unrelated key, then subscribers are not called", () => {
    const listener = vi.fn();
    const unsubscribe = subscribeToken(listener);
    otherTabWrites("dark", "theme");
    expect(listener).not.toHaveBeenCalled();
    unsubscribe();
  });

  it("when a subscriber unsubscribes, then it hears nothing more", () => {
    const listener = vi.fn();
    subscribeToken(listener)();
    setToken("a.b.c");
    otherTabWrites("x.y.z");
    expect(listener).not.toHaveBeenCalled();
  });
});

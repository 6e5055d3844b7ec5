import { apiPaths } from "@jwt-auth/shared";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createApiClient } from "../src/lib/api-client";
import { forgetSignOutNotice, SIGN_OUT_MESSAGES, signOutNotice } from "../src/lib/sign-out-notice";
import { getToken, setToken, subscribeToken } from "../src/lib/token-storage";
import { ada, authResponse, deferred, problem, stubAdapter, type StubReply } from "./helpers";

const OLD = "old.access.token";
const NEW = "new.access.token";
const PROFILE = `GET ${apiPaths.profile}`;
const REFRESH = `POST ${apiPaths.refresh}`;

/** A profile endpoint that accepts only NEW, and a refresh endpoint that hands it out. */
function expiringApi(
  refresh: () => StubReply | Promise<StubReply> = () => ({ status: 200, data: authResponse(NEW) }),
) {
  return stubAdapter((route, config) => {
    if (route === REFRESH) return refresh();
    if (route === PROFILE) {
      return config.headers.get("Authorization") === `Bearer ${NEW}`
        ? { status: 200, data: ada }
        : problem(401, "token_expired");
    }
    return { status: 404 };
  });
}

function count(calls: { route: string }[], route: string): number {
  return calls.filter((call) => call.route === route).length;
}

beforeEach(() => forgetSignOutNotice());

describe("request interceptor", () => {
  it("when a token is stored, then API calls carry it as a Bearer header", async () => {
    const adapter = stubAdapter(() => ({ status: 200, data: ada }));
    const { http } = createApiClient({ adapter });
    setToken(OLD);
    await http.get(apiPaths.profile);
    await http.post(apiPaths.logoutAll);
    expect(adapter.calls.map((call) => call.authorization)).toEqual([
      `Bearer ${OLD}`,
      `Bearer ${OLD}`,
    ]);
  });

  it("when no token is stored, then no Authorization header is sent", async () => {
    const adapter = stubAdapter(() => ({ status: 200, data: ada }));
    const { http } = createApiClient({ adapter });
    await http.get(apiPaths.profile);
    expect(adapter.calls[0]?.authorization).toBeNull();
  });

  it("when a request goes to another origin, then the token is never sent there", async () => {
    const adapter = stubAdapter(() => ({ status: 200 }));
    const { http } = createApiClient({ adapter });
    setToken(OLD);
    await http.get("https://elsewhere.example/api/user/profile");
    await http.get("//elsewhere.example/api/user/profile");
    expect(adapter.calls.map((call) => call.authorization)).toEqual([null, null]);
  });

  it("when logging in, registering or refreshing, then a stale token is not sent along", async () => {
    const adapter = stubAdapter(() => ({ status: 200, data: authResponse(NEW) }));
    const { http } = createApiClient({ adapter });
    setToken(OLD);
    for (const path of [apiPaths.login, apiPaths.register, apiPaths.refresh]) await http.post(path);
    expect(adapter.calls.map((call) => call.authorization)).toEqual([null, null, null]);
  });
});

describe("response interceptor", () => {
  it("when N requests fail with token_expired at once, then ONE refresh runs and each is retried once with the new token", async () => {
    const release = deferred<void>();
    const adapter = expiringApi(async () => {
      await release.promise; // hold the refresh until every request has failed
      return { status: 200, data: authResponse(NEW) };
    });
    const { http } = createApiClient({ adapter });
    setToken(OLD);

    const requests = Array.from({ length: 5 }, () => http.get(apiPaths.profile));
    await vi.waitFor(() => expect(count(adapter.calls, PROFILE)).toBe(5));
    release.resolve();
    const responses = await Promise.all(requests);

    expect(responses.map((response) => response.data)).toEqual(Array(5).fill(ada));
    expect(count(adapter.calls, REFRESH)).toBe(1);
    const retries = adapter.calls.filter((call) => call.route === PROFILE).slice(5);
    expect(retries.map((call) => call.authorization)).toEqual(Array(5).fill(`Bearer ${NEW}`));
    expect(getToken()).toBe(NEW);
  });

  it("when the retried request is refused again, then it does not refresh a second time", async () => {
    // The refresh succeeds, yet the API keeps answering token_expired.
    const adapter = stubAdapter((route) =>
      route === REFRESH ? { status: 200, data: authResponse(NEW) } : problem(401, "token_expired"),
    );
    const { http } = createApiClient({ adapter });
    setToken(OLD);

    await expect(http.get(apiPaths.profile)).rejects.toMatchObject({ response: { status: 401 } });
    expect(count(adapter.calls, REFRESH)).toBe(1);
    expect(count(adapter.calls, PROFILE)).toBe(2);
    // The session is unusable: the token is cleared and the app goes to the login page.
    expect(getToken()).toBeNull();
  });

  it("when the refresh is refused, then the token is cleared, the go-to-login listener fires and the request fails", async () => {
    const adapter = expiringApi(() => problem(401, "invalid_refresh_token"));
    const { http } = createApiClient({ adapter });
    setToken(OLD);
    const goToLogin = vi.fn();
    const unsubscribe = subscribeToken((token) => token === null && goToLogin());

    await expect(http.get(apiPaths.profile)).rejects.toMatchObject({ response: { status: 401 } });
    expect(getToken()).toBeNull();
    expect(goToLogin).toHaveBeenCalledTimes(1);
    expect(count(adapter.calls, PROFILE)).toBe(1);
    unsubscribe();
  });

  it("when the refresh cannot reach the server, then the token is kept for a later attempt", async () => {
    const adapter = expiringApi(() => ({ status: 503 }));
    const { http } = createApiClient({ adapter });
    setToken(OLD);
    await expect(http.get(apiPaths.profile)).rejects.toMatchObject({ response: { status: 401 } });
    expect(getToken()).toBe(OLD);
  });

  it.each([
    [apiPaths.login, "invalid_credentials"],
    [apiPaths.register, "token_expired"],
    [apiPaths.refresh, "invalid_refresh_token"],
    [apiPaths.logout, "token_expired"],
  ] as const)(
    "when %s answers 401 %s, then no refresh is attempted and the token is left alone",
    async (path, code) => {
      const adapter = stubAdapter(() => problem(401, code));
      const { http } = createApiClient({ adapter });
      setToken(OLD);
      await expect(http.post(path)).rejects.toMatchObject({ response: { status: 401 } });
      expect(adapter.calls.map((call) => call.route)).toEqual([`POST ${path}`]);
      expect(getToken()).toBe(OLD);
    },
  );

  it.each(["token_invalid", "token_revoked"] as const)(
    "when a protected call answers %s and the refresh cookie is live, then one refresh saves the session",
    async (code) => {
      const adapter = stubAdapter((route, config) => {
        if (route === REFRESH) return { status: 200, data: authResponse(NEW) };
        return config.headers.get("Authorization") === `Bearer ${NEW}`
          ? { status: 200, data: ada }
          : problem(401, code);
      });
      const { http } = createApiClient({ adapter });
      setToken("junk in storage");
      await expect(http.get(apiPaths.profile)).resolves.toMatchObject({ status: 200 });
      expect(adapter.calls.map((call) => call.route)).toEqual([PROFILE, REFRESH, PROFILE]);
      expect(getToken()).toBe(NEW);
      expect(signOutNotice()).toBeNull();
    },
  );

  it.each([
    ["token_invalid", undefined, SIGN_OUT_MESSAGES.invalid_token],
    ["token_expired", undefined, SIGN_OUT_MESSAGES.expired],
    ["token_revoked", "logout_all", SIGN_OUT_MESSAGES.logout_all],
    ["token_revoked", "password_changed", SIGN_OUT_MESSAGES.password_changed],
    ["token_revoked", "session_revoked", SIGN_OUT_MESSAGES.session_revoked],
    ["token_revoked", "refresh_reuse", SIGN_OUT_MESSAGES.refresh_reuse],
    ["token_revoked", undefined, SIGN_OUT_MESSAGES.ended],
  ] as const)(
    "when a call answers %s and the refresh is refused with reason %s, then the token is cleared and the notice says why",
    async (code, reason, message) => {
      const adapter = stubAdapter((route) =>
        route === REFRESH
          ? problem(401, "invalid_refresh_token", reason ? { reason } : {})
          : problem(401, code),
      );
      const { http } = createApiClient({ adapter });
      setToken(OLD);
      await expect(http.get(apiPaths.profile)).rejects.toMatchObject({ response: { status: 401 } });
      expect(count(adapter.calls, REFRESH)).toBe(1);
      expect(getToken()).toBeNull();
      expect(signOutNotice()).toBe(message);
    },
  );

  it("when a wrong current password gets 401 invalid_credentials, then the session is untouched", async () => {
    const adapter = stubAdapter(() => problem(401, "invalid_credentials"));
    const { http } = createApiClient({ adapter });
    setToken(OLD);
    await expect(http.post(apiPaths.password, {})).rejects.toMatchObject({
      response: { status: 401 },
    });
    expect(adapter.calls).toHaveLength(1);
    expect(getToken()).toBe(OLD);
  });

  it("when another tab stored a newer token while the request was out, then it is retried with that token, without a refresh", async () => {
    const adapter = stubAdapter((route, config) => {
      if (route !== PROFILE) return { status: 404 };
      if (config.headers.get("Authorization") === `Bearer ${NEW}`)
        return { status: 200, data: ada };
      setToken(NEW); // the other tab's refresh lands while this request is in flight
      return problem(401, "token_revoked");
    });
    const { http } = createApiClient({ adapter });
    setToken(OLD);
    const response = await http.get(apiPaths.profile);
    expect(response.data).toEqual(ada);
    expect(count(adapter.calls, REFRESH)).toBe(0);
    expect(getToken()).toBe(NEW);
  });

  it("when the newer token another tab stored has expired too, then it still refreshes once and keeps the session", async () => {
    const OTHER_TAB = "other-tab.access.token";
    const adapter = stubAdapter((route, config) => {
      if (route === REFRESH) return { status: 200, data: authResponse(NEW) };
      if (route !== PROFILE) return { status: 404 };
      if (config.headers.get("Authorization") === `Bearer ${NEW}`)
        return { status: 200, data: ada };
      // The other tab's refresh lands while this tab's first request is out; by the time
      // this tab retries with it, that token has expired as well.
      if (getToken() === OLD) setToken(OTHER_TAB);
      return problem(401, "token_expired");
    });
    const { http } = createApiClient({ adapter });
    setToken(OLD);
    const response = await http.get(apiPaths.profile);
    expect(response.data).toEqual(ada);
    expect(
      adapter.calls.filter((call) => call.route === PROFILE).map((call) => call.authorization),
    ).toEqual([`Bearer ${OLD}`, `Bearer ${OTHER_TAB}`, `Bearer ${NEW}`]);
    expect(count(adapter.calls, REFRESH)).toBe(1);
    expect(getToken()).toBe(NEW);
    expect(signOutNotice()).toBeNull();
  });

  it("when the user logs out while a refresh is on the wire, then the refreshed token is not stored", async () => {
    const release = deferred<void>();
    const adapter = expiringApi(async () => {
      await release.promise;
      return { status: 200, data: authResponse(NEW) };
    });
    const { refreshSession } = createApiClient({ adapter });
    setToken(OLD);
    const refreshing = refreshSession();
    await vi.waitFor(() => expect(count(adapter.calls, REFRESH)).toBe(1));
    localStorage.removeItem("accessToken"); // "Log out" in this or another tab
    release.resolve();
    await expect(refreshing).rejects.toThrow();
    expect(getToken()).toBeNull();
  });
});

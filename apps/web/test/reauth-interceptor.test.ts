import { apiPaths } from "@jwt-auth/shared";
import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "../src/lib/api-client";
import { currentReauthRequest, subscribeReauth } from "../src/lib/reauth/reauth-prompt";
import { setToken } from "../src/lib/token-storage";
import { problem, stubAdapter } from "./helpers";

const EXPORT = `GET ${apiPaths.exportData}`;

/** An export that needs a recent sign-in until `fresh` becomes true. */
function stepUpApi(state: { fresh: boolean }) {
  return stubAdapter((route) => {
    if (route === EXPORT) {
      return state.fresh
        ? { status: 200, data: { ok: true } }
        : problem(401, "reauthentication_required");
    }
    return { status: 404 };
  });
}

describe("step-up in the response interceptor", () => {
  it("when several calls answer reauthentication_required at once, then one dialog is asked for and each call is retried once after it", async () => {
    const state = { fresh: false };
    const adapter = stepUpApi(state);
    const { http } = createApiClient({ adapter });
    setToken("a.b.c");
    const opened = vi.fn();
    const unsubscribe = subscribeReauth(() => currentReauthRequest() && opened());

    const calls = [http.get(apiPaths.exportData), http.get(apiPaths.exportData)];
    await vi.waitFor(() => expect(currentReauthRequest()).not.toBeNull());
    await vi.waitFor(() => expect(adapter.calls.filter((c) => c.route === EXPORT)).toHaveLength(2));
    state.fresh = true;
    currentReauthRequest()!.confirm();

    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.data)).toEqual([{ ok: true }, { ok: true }]);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(adapter.calls.filter((c) => c.route === EXPORT)).toHaveLength(4);
    unsubscribe();
  });

  it("when the retried call still needs a recent sign-in, then it fails instead of asking again", async () => {
    const adapter = stepUpApi({ fresh: false });
    const { http } = createApiClient({ adapter });
    setToken("a.b.c");
    const call = http.get(apiPaths.exportData);
    await vi.waitFor(() => expect(currentReauthRequest()).not.toBeNull());
    currentReauthRequest()!.confirm();

    await expect(call).rejects.toMatchObject({ response: { status: 401 } });
    expect(currentReauthRequest()).toBeNull();
    expect(adapter.calls.filter((c) => c.route === EXPORT)).toHaveLength(2);
  });
});

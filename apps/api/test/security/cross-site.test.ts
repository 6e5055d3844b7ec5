import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./support/client.js";
import { expectProblem } from "./support/expect-problem.js";
import { startTarget, type Target } from "./support/target.js";

// OWASP CSRF cheat sheet (Fetch Metadata, Origin): the refresh cookie alone authenticates
// refresh and logout, so a page of another origin that makes the browser post to them (an
// auto-submitted form, a fetch with credentials) must be refused before the cookie is read,
// and the session must not change. Runs against ATTACK_BASE_URL too: it needs only HTTP.
describe("cross-site requests to the cookie-authenticated routes", () => {
  let target: Target;
  let client: Client;

  beforeAll(async () => {
    target = await startTarget();
    client = new Client(target);
  });
  afterAll(() => target?.close());

  const foreignPages: Array<[string, Record<string, string>]> = [
    ["another site (Sec-Fetch-Site: cross-site)", { "Sec-Fetch-Site": "cross-site" }],
    [
      "another origin of the same site (Sec-Fetch-Site: same-site)",
      { "Sec-Fetch-Site": "same-site" },
    ],
    ["an older browser on another origin (Origin only)", { Origin: "https://evil.example" }],
    ["a sandboxed page (Origin: null)", { Origin: "null" }],
  ];

  it.each(foreignPages)(
    "when %s posts to refresh with the cookie, then 403 cross_site_request and the token still refreshes once",
    async (_label, headers) => {
      const user = await client.register();
      const refused = await client.post(apiPaths.refresh, {
        refreshToken: user.refreshToken,
        headers,
      });
      expectProblem(refused, 403, "cross_site_request");
      expect(refused.refreshToken).toBeUndefined();
      // Not rotated: the same token still works from the application's own page.
      const own = await client.post(apiPaths.refresh, {
        refreshToken: user.refreshToken,
        headers: { "Sec-Fetch-Site": "same-origin" },
      });
      expect(own.status).toBe(200);
    },
  );

  it.each(foreignPages)(
    "when %s posts to logout with the cookie, then 403 cross_site_request and the session goes on",
    async (_label, headers) => {
      const user = await client.register();
      const refused = await client.post(apiPaths.logout, {
        refreshToken: user.refreshToken,
        headers,
      });
      expectProblem(refused, 403, "cross_site_request");
      expect(refused.headers.getSetCookie()).toEqual([]);
      // The session was not ended: its refresh token and its access token still work.
      expect((await client.refresh(user.refreshToken)).status).toBe(200);
      expect((await client.profile(user.accessToken)).status).toBe(200);
    },
  );
});

import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cookie,
  refreshCookieOf,
  registerUser,
  startTestApp,
  type TestApp,
} from "../support/test-app.js";

// SameSite=Strict keeps the refresh cookie from other sites, not from a page on another port
// of the same host: the routes a cookie alone authenticates check where the request came from.
describe("cookie-authenticated routes and the request's origin", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const host = "app.example:8443";
  const post = (path: string, refreshToken: string, headers: Record<string, string>) =>
    app.http
      .post(path)
      .set("Host", host)
      .set(cookie(refreshToken))
      .set(headers)
      .set("Content-Type", "text/plain")
      .send("x=1");

  const expectRefused = (res: {
    status: number;
    headers: Record<string, string>;
    body: unknown;
  }) => {
    expect(res.status).toBe(403);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(res.body).toMatchObject({ status: 403, code: "cross_site_request" });
  };

  const foreign: Array<[string, Record<string, string>]> = [
    ["Sec-Fetch-Site: same-site (another port)", { "Sec-Fetch-Site": "same-site" }],
    ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
    ["Sec-Fetch-Site: none", { "Sec-Fetch-Site": "none" }],
    ["an Origin on another port", { Origin: "https://app.example:9000" }],
    ["an Origin on another host", { Origin: "https://evil.example" }],
    ["Origin: null", { Origin: "null" }],
    ["an Origin that is not a URL", { Origin: "::::" }],
    [
      "Sec-Fetch-Site: same-site, whatever the Origin says",
      { "Sec-Fetch-Site": "same-site", Origin: `https://${host}` },
    ],
  ];

  it.each(foreign)(
    "when logout comes with %s, then it is a 403 problem and the session lives on",
    async (_name, headers) => {
      const user = await registerUser(app);
      expectRefused(await post(apiPaths.logout, user.refreshToken, headers));
      const refreshed = await app.http.post(apiPaths.refresh).set(cookie(user.refreshToken));
      expect(refreshed.status).toBe(200);
    },
  );

  it.each(foreign)(
    "when refresh comes with %s, then it is a 403 problem and the token is not rotated",
    async (_name, headers) => {
      const user = await registerUser(app);
      expectRefused(await post(apiPaths.refresh, user.refreshToken, headers));
      // The same token still works once: a refused request did not spend it.
      const refreshed = await app.http.post(apiPaths.refresh).set(cookie(user.refreshToken));
      expect(refreshed.status).toBe(200);
    },
  );

  it.each<[string, Record<string, string>]>([
    ["Sec-Fetch-Site: same-origin", { "Sec-Fetch-Site": "same-origin" }],
    ["its own Origin", { Origin: `https://${host}` }],
    ["its own Origin over plain http (TLS ended by a proxy)", { Origin: `http://${host}` }],
    ["both", { "Sec-Fetch-Site": "same-origin", Origin: `https://${host}` }],
    [
      "Sec-Fetch-Site: same-origin behind a proxy that rewrote the Host",
      { "Sec-Fetch-Site": "same-origin", Origin: "https://public.example" },
    ],
    ["neither (curl, another service)", {}],
  ])("when refresh then logout come with %s, then both work", async (_name, headers) => {
    const user = await registerUser(app);
    const refreshed = await post(apiPaths.refresh, user.refreshToken, headers);
    expect(refreshed.status).toBe(200);
    const rotated = refreshCookieOf(refreshed.headers["set-cookie"])!;
    const out = await post(apiPaths.logout, rotated, headers);
    expect(out.status).toBe(204);
    const after = await app.http.post(apiPaths.refresh).set(cookie(rotated));
    expect(after.status).toBe(401);
  });

  it("when a route does not take the cookie as proof (login), then a same-site page may still call it", async () => {
    const user = await registerUser(app);
    const res = await app.http
      .post(apiPaths.login)
      .set("Sec-Fetch-Site", "same-site")
      .send({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
  });
});

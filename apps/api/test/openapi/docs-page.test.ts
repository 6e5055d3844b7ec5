import { apiPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

/** Every `src` and `href` of the page. */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
}

describe("GET /api/docs", () => {
  it("when fetched, then it is an HTML page without inline script, loading only same-origin assets", async () => {
    const res = await app.http.get(apiPaths.docs).expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    const urls = assetUrls(res.text);
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) expect(url, url).toMatch(/^\/api\/docs\/assets\/[\w.-]+$/);
    // Every <script> has a src and an empty body: the CSP allows no inline script.
    for (const [, attributes, body] of res.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(attributes).toMatch(/\ssrc="/);
      expect(body!.trim()).toBe("");
    }
  });

  it("when fetched, then it keeps the strict Content-Security-Policy of the app", async () => {
    const res = await app.http.get(apiPaths.docs).expect(200);
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("when each asset of the page is fetched, then it answers 200 with a fitting type", async () => {
    const page = await app.http.get(apiPaths.docs).expect(200);
    for (const url of assetUrls(page.text)) {
      const res = await app.http.get(url);
      expect(res.status, url).toBe(200);
      const type = String(res.headers["content-type"]);
      if (url.endsWith(".js")) expect(type, url).toMatch(/^(text|application)\/javascript/);
      if (url.endsWith(".css")) expect(type, url).toMatch(/^text\/css/);
      if (url.endsWith(".png")) expect(type, url).toMatch(/^image\/png/);
    }
  });

  it("when the initializer is read, then it loads this API's document and calls no other site", async () => {
    const res = await app.http.get("/api/docs/assets/docs-init.js").expect(200);
    expect(res.text).toContain(JSON.stringify(apiPaths.openapi));
    expect(res.text).toContain("validatorUrl: null");
    expect(res.text).not.toMatch(/https?:\/\//);
  });

  it("when a file of swagger-ui-dist that the page does not use is asked for, then it is not served", async () => {
    for (const file of [
      "index.html",
      "swagger-initializer.js",
      "oauth2-redirect.html",
      "package.json",
      "../package.json",
    ]) {
      const res = await app.http.get(`/api/docs/assets/${file}`);
      expect(res.status, file).toBe(404);
      expect(res.body.code, file).toBe("not_found");
    }
  });
});

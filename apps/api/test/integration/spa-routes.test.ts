import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { webPaths } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app.js";

// The built SPA answers its own routes with 200 and every other page path with 404: the
// same page (its router shows "Page not found"), so crawlers and monitors see it as missing.
describe("the built SPA's routes", () => {
  let app: TestApp;
  let webDist: string;
  const indexHtml = '<!doctype html><html><body><div id="root"></div></body></html>\n';

  beforeAll(async () => {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-spa-"));
    fs.mkdirSync(path.join(webDist, "assets"));
    fs.writeFileSync(path.join(webDist, "index.html"), indexHtml);
    fs.writeFileSync(path.join(webDist, "assets", "app-1234.js"), "export {};\n");
    app = await startTestApp({ env: { WEB_DIST_DIR: webDist } });
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  const page = (p: string) => app.http.get(p).set("Accept", "text/html,*/*;q=0.8");

  it.each(Object.values(webPaths))(
    "when %s is opened, then the page is sent with 200",
    async (p) => {
      const res = await page(p);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.text).toBe(indexHtml);
      expect(res.headers["cache-control"]).toBe("no-cache");
    },
  );

  it.each(["/login/", "/Profile", "/auth/callback?code=abc&state=xyz", "/verify-email?token=t"])(
    "when %s is opened (a trailing slash, other case or a query, as the router takes them), then it is 200",
    async (p) => {
      expect((await page(p)).status).toBe(200);
    },
  );

  it.each(["/no-such-page", "/profile/extra", "/auth", "/dev", "/wp-admin.php", "/login.html"])(
    "when %s is opened, then the same page is sent with 404",
    async (p) => {
      const res = await page(p);
      expect(res.status).toBe(404);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.text).toBe(indexHtml);
      expect(res.headers["cache-control"]).toBe("no-cache");
    },
  );

  it("when a conditional request asks for an unknown page again, then it is still 404, never 304", async () => {
    const first = await page("/no-such-page");
    const again = await page("/no-such-page").set(
      "If-Modified-Since",
      String(first.headers["last-modified"] ?? new Date().toUTCString()),
    );
    expect(again.status).toBe(404);
  });

  it("when an asset or an unknown path is asked for as data, then it is the file or a 404 problem", async () => {
    const asset = await app.http.get("/assets/app-1234.js");
    expect(asset.status).toBe(200);
    const missing = await app.http.get("/no-such-page").set("Accept", "application/json");
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("not_found");
  });
});

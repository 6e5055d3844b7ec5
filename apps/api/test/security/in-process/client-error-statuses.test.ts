import express from "express";
import supertest from "supertest";
import { describe, expect, it } from "vitest";
import { errorHandler } from "../../../src/http/error-handler.js";

// The router, body-parser and most middleware say a request was at fault by a 4xx `status`
// (or `statusCode`) on the error they pass on. The error handler used to turn any error it
// did not know into a 500: the router's 400 for a path it cannot decode became a 500.
describe("errors that carry a client status", () => {
  const app = express();
  app.get("/things/:id", (_req, res) => {
    res.json({ ok: true });
  });
  app.get("/status/:status", (req) => {
    throw Object.assign(new Error("Failed to decode param 'secret'"), {
      status: Number(req.params.status),
    });
  });
  app.get("/status-code/:status", (req, _res, next) => {
    next(Object.assign(new Error("client error"), { statusCode: Number(req.params.status) }));
  });
  app.use(errorHandler);
  const http = supertest(app);

  it("when the router cannot decode a path parameter, then its 400 is a validation_failed problem", async () => {
    for (const id of ["%ZZ", "%FF", "%C0%AF", "%"]) {
      const res = await http.get(`/things/${id}`);
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: "validation_failed" });
      expect(res.text).not.toContain("decode");
    }
  });

  it.each([
    [400, "validation_failed"],
    [403, "forbidden"],
    [404, "not_found"],
    [413, "payload_too_large"],
    [415, "unsupported_media_type"],
    [429, "rate_limited"],
    [418, "validation_failed"],
    [431, "validation_failed"],
  ])("when an error carries status %i, then the answer keeps it as %s", async (status, code) => {
    for (const path of [`/status/${status}`, `/status-code/${status}`]) {
      const res = await http.get(path);
      expect(res.status).toBe(status);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code });
      expect(res.text).not.toContain("secret");
    }
  });

  it("when an error carries a server status or none, then it is still a bare 500", async () => {
    for (const path of ["/status/503", "/status/200", "/status/abc", "/status-code/600"]) {
      const res = await http.get(path);
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ code: "internal_error" });
    }
  });
});

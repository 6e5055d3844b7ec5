import express, { type RequestHandler } from "express";
import supertest from "supertest";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { errorHandler } from "../../src/http/error-handler.js";
import { loggedRoute } from "../../src/http/logged-route.js";
import { mountRoutes, type Guards } from "../../src/http/mount-routes.js";
import { defineRoute, type Route } from "../../src/http/route.js";

/**
 * mountRoutes answers exact method-and-path matches from its table and everything else
 * through the Express router: both must behave as Express alone would.
 */
const described = { tag: "user", summary: "s", description: "d" } as const;
const ok = { 200: { description: "ok" } };

function appWith(routes: Route[], guards: Partial<Guards> = {}) {
  const seen: string[] = [];
  const server = express();
  server.use((req, res, next) => {
    res.on("finish", () => seen.push(loggedRoute(req, res.statusCode)));
    next();
  });
  server.use(
    mountRoutes(routes, {
      none: [],
      bearer: [],
      fresh: [],
      "optional-bearer": [],
      "refresh-cookie": [],
      ...guards,
    }),
  );
  server.use((_req, res) => {
    res.status(404).json({ fellThrough: true });
  });
  server.use(errorHandler);
  return { http: supertest(server), seen };
}

const thing = defineRoute({
  ...described,
  method: "get",
  path: "/things/{id}",
  operationId: "thing",
  auth: "none",
  params: z.object({ id: z.string() }),
  responses: ok,
  handler: ({ res, params }) => res.json({ route: "by id", id: params.id }),
});
const special = defineRoute({
  ...described,
  method: "get",
  path: "/things/special",
  operationId: "special",
  auth: "none",
  responses: ok,
  handler: ({ res }) => res.json({ route: "special" }),
});
const hello = defineRoute({
  ...described,
  method: "get",
  path: "/hello",
  operationId: "hello",
  auth: "bearer",
  responses: ok,
  handler: ({ res, req }) => res.json({ route: "hello", order: res.locals.order, url: req.url }),
});
const echo = defineRoute({
  ...described,
  method: "post",
  path: "/echo.json",
  operationId: "echo",
  auth: "none",
  body: z.object({ word: z.string().max(10) }),
  responses: ok,
  handler: async ({ res, body }) => {
    await Promise.resolve();
    if (body.word === "boom") throw new Error("handler failed");
    res.json(body);
  },
});

describe("mountRoutes' dispatch table", () => {
  it("when the path is exact, then the guards and the handler run in order and the log names the route", async () => {
    const order: RequestHandler = (_req, res, next) => {
      res.locals.order = ["guard"];
      next();
    };
    const { http, seen } = appWith([hello], { bearer: [order] });
    const res = await http.get("/hello?x=1").expect(200);
    expect(res.body).toEqual({ route: "hello", order: ["guard"], url: "/hello?x=1" });
    expect(seen).toEqual(["/hello"]);
  });

  it("when the path differs only in case, by a trailing slash, or the method is HEAD, then Express answers it the same way", async () => {
    const { http, seen } = appWith([hello]);
    expect((await http.get("/HELLO").expect(200)).body.route).toBe("hello");
    expect((await http.get("/hello/").expect(200)).body.route).toBe("hello");
    await http.head("/hello").expect(200);
    expect(seen).toEqual(["/hello", "/hello", "/hello"]);
  });

  it("when an earlier route's pattern matches the exact path, then that route answers, as in Express", async () => {
    const { http } = appWith([thing, special]);
    expect((await http.get("/things/special").expect(200)).body).toEqual({
      route: "by id",
      id: "special",
    });
  });

  it("when the static path comes first, then it answers and the pattern takes the rest", async () => {
    const { http } = appWith([special, thing]);
    expect((await http.get("/things/special").expect(200)).body).toEqual({ route: "special" });
    expect((await http.get("/things/7").expect(200)).body).toEqual({ route: "by id", id: "7" });
  });

  it("when the method is not the route's, then 405 with Allow, not the table", async () => {
    const { http } = appWith([hello]);
    const res = await http.delete("/hello").expect(405);
    expect(res.headers.allow).toBe("GET");
  });

  it("when a body is invalid or an async handler throws, then the error handler answers", async () => {
    const { http } = appWith([echo]);
    expect((await http.post("/echo.json").send({ word: "hi" }).expect(200)).body).toEqual({
      word: "hi",
    });
    const invalid = await http.post("/echo.json").send({ word: "far too long a word" }).expect(400);
    expect(invalid.body.code).toBe("validation_failed");
    const failed = await http.post("/echo.json").send({ word: "boom" }).expect(500);
    expect(failed.body.code).toBe("internal_error");
    expect(JSON.stringify(failed.body)).not.toContain("handler failed");
  });

  it("when a guard calls next('route') or a dot in the path is a letter, then the request goes on past the routes", async () => {
    const skip: RequestHandler = (_req, _res, next) => next("route");
    const { http } = appWith([hello, echo], { bearer: [skip] });
    expect((await http.get("/hello").expect(404)).body).toEqual({ fellThrough: true });
    expect((await http.post("/echoxjson").send({ word: "hi" }).expect(404)).body).toEqual({
      fellThrough: true,
    });
  });
});

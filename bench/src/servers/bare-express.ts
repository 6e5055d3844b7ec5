/**
 * The baseline: Express 5 with one route that returns a fixed JSON body, nothing else,
 * served by `app.listen` as Express apps are. It gets the same two cheap settings as the API
 * (no ETag hashing, no X-Powered-By) so the ratio measures what the API adds, not what the
 * baseline forgot to switch off. With BENCH_APP_SERVER=1 it is served by the API's
 * createAppServer instead, which creates requests with Express's prototypes: the floor the
 * API's own server stands on, a figure of its own.
 */
import { apiPaths } from "@jwt-auth/shared";
import { createAppServer } from "@jwt-auth/api/app-server";
import express from "express";

const body: unknown = JSON.parse(process.env.BENCH_BODY ?? "{}");
const routePath = process.env.BENCH_PATH ?? apiPaths.profile;

const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.get(routePath, (_req, res) => {
  res.json(body);
});

const server = (process.env.BENCH_APP_SERVER === "1" ? createAppServer(app) : app).listen(
  Number(process.env.PORT),
  process.env.HOST ?? "127.0.0.1",
);
process.on("SIGTERM", () => server.close(() => process.exit(0)));

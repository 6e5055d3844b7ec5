/**
 * The baseline: Express 5 with one route that returns a fixed JSON body, nothing else. It
 * gets the same two cheap settings as the API (no ETag hashing, no X-Powered-By) so the
 * ratio measures what the API adds, not what the baseline forgot to switch off.
 */
import { apiPaths } from "@jwt-auth/shared";
import express from "express";

const body: unknown = JSON.parse(process.env.BENCH_BODY ?? "{}");
const routePath = process.env.BENCH_PATH ?? apiPaths.profile;

const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.get(routePath, (_req, res) => {
  res.json(body);
});

const server = app.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));

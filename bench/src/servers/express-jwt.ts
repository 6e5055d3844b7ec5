/**
 * express-jwt, the other common way to guard an Express route with a JWT: its middleware
 * with the secret as a string and HS256 pinned, the decoded token on `req.auth`, the same
 * fixed JSON as the baseline and the same two cheap settings (no ETag, no X-Powered-By).
 */
import { apiPaths } from "@jwt-auth/shared";
import express from "express";
import { expressjwt } from "express-jwt";

const secret = process.env.BENCH_SECRET ?? "";
const body: unknown = JSON.parse(process.env.BENCH_BODY ?? "{}");
const routePath = process.env.BENCH_PATH ?? apiPaths.profile;

const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.get(routePath, expressjwt({ secret, algorithms: ["HS256"] }), (_req, res) => {
  res.json(body);
});

// For the benchmark to know it is up; after the measured route, so it costs that route nothing.
app.get("/ready", (_req, res) => {
  res.end();
});

const server = app.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));

/**
 * better-auth's own way to protect an Express 5 route, as its docs set it up: the auth
 * handler mounted at `/api/auth/*splat` before any body parser, and the route asking
 * `auth.api.getSession({ headers: fromNodeHeaders(req.headers) })`, here on the same
 * better-sqlite3 driver the API uses by default, email and password sign-up on.
 *
 * BETTER_AUTH_COOKIE_CACHE=on turns on its session cookie cache (`session.cookieCache`, the
 * signed `compact` strategy, its default): a signed copy of the session in a second cookie,
 * so a check reads no database until it expires. Its maxAge is an hour here, longer than
 * the benchmark's run, so every measured request is a cache hit (with the default five
 * minutes, the bench's fixed cookie would fall back to the database mid-run). Off, each check
 * reads the session and its user from SQLite. Either way the route answers the same fixed
 * JSON as the other peers (no profile read: generous to it, as to the tutorial).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiPaths } from "@jwt-auth/shared";
import Database from "better-sqlite3";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { fromNodeHeaders, toNodeHandler } from "better-auth/node";
import express from "express";

const body: unknown = JSON.parse(process.env.BENCH_BODY ?? "{}");
const routePath = process.env.BENCH_PATH ?? apiPaths.profile;
const cookieCache = process.env.BETTER_AUTH_COOKIE_CACHE === "on";
const baseURL = `http://${process.env.HOST ?? "127.0.0.1"}:${process.env.PORT}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jwt-auth-bench-better-auth-"));

const auth = betterAuth({
  baseURL,
  secret: process.env.BENCH_SECRET,
  database: new Database(path.join(dir, "auth.db")),
  emailAndPassword: { enabled: true },
  session: cookieCache ? { cookieCache: { enabled: true, maxAge: 60 * 60 } } : {},
  // The benchmark signs up once and then only reads; no limit is what the API runs with too.
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
});
const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.all("/api/auth/*splat", toNodeHandler(auth));
app.use(express.json());
app.get(routePath, async (req, res) => {
  const session = await auth.api.getSession({ headers: fromNodeHeaders(req.headers) });
  if (!session) {
    res.status(401).end();
    return;
  }
  res.json(body);
});

// For the benchmark to know it is up; after the measured route, so it costs that route nothing.
app.get("/ready", (_req, res) => {
  res.end();
});

const server = app.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () =>
  server.close(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }),
);

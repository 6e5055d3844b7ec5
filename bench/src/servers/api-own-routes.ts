/**
 * The API as `npm start` runs it, plus two routes of an app built on it, added through
 * `extraRoutes` with the app's own `requireAuth` (requireAuthOf): the same handler, reading
 * the user's profile from the store, once behind `requireAuth` and once open (the user's id
 * in a header). The difference between the two
 * is what authentication costs a route: Passport, the verified-token cache, the revocation
 * check, nothing else. Both routes come after the API's own, so they pay the same routing.
 */
import type { IncomingHttpHeaders } from "node:http";
import express from "express";
import { requireAuthOf } from "@jwt-auth/api/app";
import { createAppServer } from "@jwt-auth/api/app-server";
import type {} from "@jwt-auth/api/jwt-strategy";
import { bootstrap } from "@jwt-auth/api/bootstrap";
import { loadConfig } from "@jwt-auth/api/config";
import { createLogger } from "@jwt-auth/api/logger";
import { toUserProfile } from "@jwt-auth/api/user-profile";
import { createUserStore } from "@jwt-auth/api/user-store";
import { OWN_OPEN_PATH, OWN_PROTECTED_PATH, USER_ID_HEADER } from "./api-own-routes-paths.js";

const config = loadConfig(process.env);
const own = express.Router();
const running = await bootstrap(config, {
  logger: createLogger(config.logLevel),
  extraRoutes: [own],
});
const requireAuth = requireAuthOf(running.app);
const users = createUserStore(running.deps.database.db);

async function profile(id: string) {
  const user = await users.findById(id);
  if (!user) throw new Error("no such user");
  return toUserProfile(user);
}

function headerUser(headers: IncomingHttpHeaders): string {
  const id = headers[USER_ID_HEADER];
  return typeof id === "string" ? id : "";
}

own.get(OWN_OPEN_PATH, async (req, res) => {
  res.json(await profile(headerUser(req.headers)));
});
own.get(OWN_PROTECTED_PATH, requireAuth, async (req, res) => {
  res.json(await profile(req.user!.id));
});

const server = createAppServer(running.app).listen(config.port, config.host);
process.on("SIGTERM", () => {
  server.close(() => void running.close().then(() => process.exit(0)));
  server.closeAllConnections();
});

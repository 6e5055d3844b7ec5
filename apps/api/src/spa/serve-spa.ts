import fs from "node:fs";
import path from "node:path";
import { webPaths } from "@jwt-auth/shared";
import express, { Router } from "express";

/** react-router matches without regard to case or one trailing slash: so does this. */
const SPA_ROUTES = new Set(Object.values(webPaths).map((p) => p.toLowerCase()));

function isSpaRoute(pathname: string): boolean {
  const trimmed = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  return SPA_ROUTES.has(trimmed.toLowerCase());
}

/**
 * In production the same process serves the built SPA, so the browser talks to the API
 * same-origin (no CORS). Hashed assets are cached for a year; index.html never is. It
 * answers the SPA's routes (`/login`, `/profile`, …) with 200 so deep links work, and any
 * other page path with 404: the same page, whose router then shows its not-found view, so
 * people see a helpful page and crawlers and monitors see a missing one.
 */
export function serveSpa(distDir: string): Router | undefined {
  const indexFile = path.join(distDir, "index.html");
  if (!fs.existsSync(indexFile)) return undefined;
  const router = Router();
  router.use(
    "/assets",
    express.static(path.join(distDir, "assets"), { immutable: true, maxAge: "1y", index: false }),
  );
  router.use(express.static(distDir, { index: false, maxAge: "1h" }));
  router.get(/^(?!\/api(\/|$)|\/\.well-known(\/|$)).*/, (req, res, next) => {
    if (!req.accepts("html")) return next();
    res
      .status(isSpaRoute(req.path) ? 200 : 404)
      .set("Cache-Control", "no-cache")
      .sendFile(indexFile);
  });
  return router;
}

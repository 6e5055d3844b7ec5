import fs from "node:fs";
import path from "node:path";
import express, { Router } from "express";

/**
 * In production the same process serves the built SPA, so the browser talks to the API
 * same-origin (no CORS). Hashed assets are cached for a year; index.html never is, and
 * answers every client-side route (`/login`, `/profile`, …) so deep links work.
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
    res.set("Cache-Control", "no-cache").sendFile(indexFile);
  });
  return router;
}

import { createRequire } from "node:module";
import path from "node:path";
import { Router, type RequestHandler } from "express";
import { DOCS_ASSETS_PATH, docsInitScript } from "./docs-page.js";

// Resolved from this package, so it works from src (tsx) and from dist alike.
const swaggerUiDir = path.dirname(
  createRequire(import.meta.url).resolve("swagger-ui-dist/swagger-ui-bundle.js"),
);

/**
 * Only the files the page uses are served from swagger-ui-dist: not its demo index.html,
 * its sample initializer or its OAuth redirect page (which has an inline script).
 */
const SWAGGER_UI_FILES = new Set([
  "swagger-ui.css",
  "swagger-ui.css.map",
  "swagger-ui-bundle.js",
  "swagger-ui-bundle.js.map",
  "favicon-32x32.png",
  "favicon-16x16.png",
]);

const ASSET_MAX_AGE_SECONDS = 3600;

/** The files of the interactive reference page (the page itself is a declared route). */
export function docsAssetRoutes(): Router {
  const router = Router();
  router.use(DOCS_ASSETS_PATH, docsAssets);
  return router;
}

/** Files, not operations: mounted with `use`, so they are not part of the API's routes. */
const docsAssets: RequestHandler = (req, res, next) => {
  if (req.method !== "GET" && req.method !== "HEAD") return next();
  const file = req.path.slice(1);
  if (file === "docs-init.js") {
    res
      .set("Cache-Control", `public, max-age=${ASSET_MAX_AGE_SECONDS}`)
      .type("text/javascript")
      .send(docsInitScript);
    return;
  }
  if (!SWAGGER_UI_FILES.has(file)) return next();
  res.sendFile(
    file,
    { root: swaggerUiDir, maxAge: ASSET_MAX_AGE_SECONDS * 1000, dotfiles: "deny" },
    (err) => {
      if (err) next(err);
    },
  );
};

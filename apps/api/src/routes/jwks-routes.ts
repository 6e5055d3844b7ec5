import { apiPaths } from "@jwt-auth/shared";
import { Router } from "express";
import type { KeyRing } from "../auth/key-ring.js";
import { AppError } from "../http/app-error.js";
import { methodNotAllowed } from "../http/method-not-allowed.js";

/**
 * Public verification keys for other services (RFC 7517). With HS256 there is nothing to
 * publish: the secret that verifies also signs, so it never leaves the API.
 */
export function jwksRoutes(keys: KeyRing): Router {
  const router = Router();
  router
    .route(apiPaths.jwks)
    .get((_req, res) => {
      if (keys.algorithm === "HS256")
        throw new AppError(404, "not_found", { detail: "HS256 tokens have no public keys" });
      res.set("Cache-Control", "public, max-age=300").json(keys.jwks());
    })
    .all(methodNotAllowed("GET"));
  return router;
}

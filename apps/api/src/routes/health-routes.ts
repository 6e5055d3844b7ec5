import { apiPaths, type HealthResponse } from "@jwt-auth/shared";
import { Router } from "express";
import { methodNotAllowed } from "../http/method-not-allowed.js";

/** Liveness and readiness in one: 200 while the database answers within a second. */
export function healthRoutes(ping: () => Promise<void>): Router {
  const router = Router();
  router
    .route(apiPaths.health)
    .get(async (_req, res) => {
      const ok = await withTimeout(ping(), 1000).then(
        () => true,
        () => false,
      );
      const body: HealthResponse = { status: ok ? "ok" : "unavailable" };
      res
        .set("Cache-Control", "no-store")
        .status(ok ? 200 : 503)
        .json(body);
    })
    .all(methodNotAllowed("GET"));
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

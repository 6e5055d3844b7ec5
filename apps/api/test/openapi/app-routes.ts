import type { Express } from "express";

export interface ServedRoute {
  path: string;
  methods: string[];
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  slash?: boolean;
}

/**
 * The routes an Express 5 app really serves, read from its router stack: the source of
 * truth the OpenAPI document is checked against. Middleware mounted with `use` (static
 * files, the cookie parser) is not a route; `.all()` (the 405 answer) is not a method.
 */
export function servedRoutes(app: Express): ServedRoute[] {
  const routes: ServedRoute[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        if (typeof layer.route.path !== "string") {
          throw new Error(
            `a route with a pattern path (${String(layer.route.path)}) cannot be checked against the document`,
          );
        }
        const methods = Object.keys(layer.route.methods).filter((m) => m !== "_all");
        routes.push({ path: layer.route.path, methods });
      } else if (layer.handle?.stack) {
        // Every router here is mounted at the root with full paths (they come from apiPaths).
        if (!layer.slash)
          throw new Error(
            "a router mounted under a prefix: teach servedRoutes to read its mount path",
          );
        walk(layer.handle.stack);
      }
    }
  };
  walk((app.router as unknown as { stack: Layer[] }).stack);
  return routes;
}

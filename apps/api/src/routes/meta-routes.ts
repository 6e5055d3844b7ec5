import { apiPaths, HealthResponse } from "@jwt-auth/shared";
import type { KeyRing } from "../auth/key-ring.js";
import { DomainError } from "../errors/domain-error.js";
import { defineRoute, type Route } from "../http/route.js";
import { openApiDocument } from "../openapi/build-document.js";
import { docsHtml } from "../openapi/docs-page.js";
import { JsonWebKeySet, OpenApiDocument } from "../openapi/schemas.js";

export interface MetaRouteDeps {
  ping: () => Promise<void>;
  keys: KeyRing;
  /** Every route of the app, for the document that describes them. */
  routes: () => readonly Route[];
}

/** Health, the public verification keys, and the API's own reference. */
export function metaRoutes(deps: MetaRouteDeps): Route[] {
  return [
    defineRoute({
      method: "get",
      path: apiPaths.health,
      operationId: "health",
      tag: "meta",
      summary: "Liveness and readiness",
      description: "Answers 200 while the database answers within a second.",
      auth: "none",
      responses: {
        200: { description: "Ready.", body: HealthResponse },
        503: { description: "The database does not answer.", body: HealthResponse },
      },
      handler: async ({ res }) => {
        const ok = await withTimeout(deps.ping(), 1000).then(
          () => true,
          () => false,
        );
        const body: HealthResponse = { status: ok ? "ok" : "unavailable" };
        res
          .set("Cache-Control", "no-store")
          .status(ok ? 200 : 503)
          .json(body);
      },
    }),

    defineRoute({
      method: "get",
      path: apiPaths.jwks,
      operationId: "jwks",
      tag: "meta",
      summary: "Public verification keys (JWKS)",
      description:
        "With `JWT_ALGORITHM=ES256` or `RS256`, the public keys that verify access tokens, by `kid`, so other services can " +
        "verify them without any secret. With HS256 the secret both signs and verifies, so nothing is published.",
      auth: "none",
      responses: {
        200: { description: "The key set (RFC 7517).", body: JsonWebKeySet },
        404: {
          description: "The API signs with HS256: there are no public keys.",
          problems: ["not_found"],
        },
      },
      handler: ({ res }) => {
        if (deps.keys.algorithm === "HS256")
          throw new DomainError("not_found", "HS256 tokens have no public keys");
        res.set("Cache-Control", "public, max-age=300").json(deps.keys.jwks());
      },
    }),

    defineRoute({
      method: "get",
      path: apiPaths.openapi,
      operationId: "openapi",
      tag: "meta",
      summary: "This reference as an OpenAPI 3.1 document",
      description:
        "Generated from the route declarations and the zod schemas that validate the requests.",
      auth: "none",
      responses: {
        200: { description: "The OpenAPI document.", body: OpenApiDocument },
      },
      handler: ({ res }) => {
        res.set("Cache-Control", "no-cache").json(openApiDocument(deps.routes()));
      },
    }),

    defineRoute({
      method: "get",
      path: apiPaths.docs,
      operationId: "docs",
      tag: "meta",
      summary: "Interactive API reference",
      description:
        "Swagger UI for the OpenAPI document, served from this origin (it works offline).",
      auth: "none",
      responses: {
        200: { description: "The reference page.", html: true },
      },
      handler: ({ res }) => {
        res.set("Cache-Control", "no-cache").type("html").send(docsHtml);
      },
    }),
  ];
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

import {
  PROBLEM_CONTENT_TYPE,
  PRODUCT_NAME,
  REFRESH_COOKIE_NAME,
  REFRESH_COOKIE_PATH,
} from "@jwt-auth/shared";
import { z } from "zod";
import type { AuthRequirement, DocumentedResponse, HeaderName, Route } from "../http/route.js";
import { genericResponses } from "./common-responses.js";
import { documentedResponses } from "./documented-responses.js";
import { fieldNotes, requestSchemas, responseSchemas } from "./schemas.js";

type Json = Record<string, unknown>;

/** The version of the contract this document describes. */
export const API_VERSION = "1.0.0";

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const description = `
JWT authentication with Passport: passport-local checks the password at login, the API
signs a short-lived access token, and passport-jwt verifies it on every protected route.

- **Access token**: send it as \`Authorization: Bearer <token>\` (and from nowhere else: not a
  query string, not a cookie). Click *Authorize* and paste the \`accessToken\` of a login.
- **Refresh token**: an HttpOnly cookie \`${REFRESH_COOKIE_NAME}\` scoped to \`${REFRESH_COOKIE_PATH}\`;
  the browser sends it by itself to the refresh and logout endpoints on this origin.
- **Errors** are RFC 9457 problem details (\`${PROBLEM_CONTENT_TYPE}\`) with a stable \`code\`;
  each error response lists its possible codes in \`x-problem-codes\`. Any path answers
  404 \`not_found\` when nobody serves it and 405 \`method_not_allowed\` (with \`Allow\`) for a
  method it does not accept.
- Responses under \`/api/auth\` and \`/api/user\` carry \`Cache-Control: no-store\`.
`.trim();

const headers: Record<HeaderName, { name: string; header: Json }> = {
  WwwAuthenticate: {
    name: "WWW-Authenticate",
    header: {
      description:
        'RFC 6750 challenge on every `token_*` problem: `Bearer realm="api"`, plus `error="invalid_token"` and an ' +
        "`error_description` when a token was sent but rejected.",
      schema: {
        type: "string",
        examples: [
          'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
        ],
      },
    },
  },
  RetryAfter: {
    name: "Retry-After",
    header: {
      description: "Seconds to wait before trying again (at most 3600).",
      required: true,
      schema: { type: "integer", minimum: 1, maximum: 3600 },
    },
  },
  SetRefreshCookie: {
    name: "Set-Cookie",
    header: {
      description:
        `The refresh token: \`${REFRESH_COOKIE_NAME}=<token>; Max-Age=<seconds>; Path=${REFRESH_COOKIE_PATH}; HttpOnly; SameSite=Strict\`, ` +
        "plus `Secure` in production. Scripts cannot read it.",
      required: true,
      schema: { type: "string" },
    },
  },
  ClearRefreshCookie: {
    name: "Set-Cookie",
    header: {
      description: `Clears the refresh cookie: \`${REFRESH_COOKIE_NAME}=; Path=${REFRESH_COOKIE_PATH}; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict\`.`,
      required: true,
      schema: { type: "string" },
    },
  },
  Allow: {
    name: "Allow",
    header: {
      description: "The methods this path accepts.",
      required: true,
      schema: { type: "string", examples: ["POST"] },
    },
  },
  ContentDisposition: {
    name: "Content-Disposition",
    header: {
      description: "Asks the browser to save the body as a file.",
      required: true,
      schema: { type: "string", examples: ['attachment; filename="account.json"'] },
    },
  },
  Location: {
    name: "Location",
    header: {
      description: "Where the browser goes next.",
      required: true,
      schema: { type: "string" },
    },
  },
};

/**
 * Builds the OpenAPI 3.1 document from the route declarations and the shared zod schemas.
 * OpenAPI 3.1 uses JSON Schema 2020-12, which is what `z.toJSONSchema` writes.
 */
export function buildOpenApiDocument(routes: readonly Route[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method] = operationObject(route);
  }
  return {
    openapi: "3.1.1",
    info: {
      title: `${PRODUCT_NAME} API`,
      version: API_VERSION,
      description,
      license: { name: "MIT", identifier: "MIT" },
    },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    tags: [
      { name: "auth", description: "Register, log in, refresh, log out" },
      { name: "user", description: "Protected routes: a valid access token is required" },
      {
        name: "admin",
        description: "Administration: the access token's `roles` claim must hold `admin`",
      },
      { name: "meta", description: "Health, verification keys, this reference" },
      { name: "dev", description: "Development helpers, off in production" },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      responses: Object.fromEntries(
        Object.entries(genericResponses).map(([status, response]) => [
          genericResponseName(Number(status)),
          responseObject(response),
        ]),
      ),
      headers: Object.fromEntries(
        Object.entries(headers).map(([key, { header }]) => [key, header]),
      ),
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "The `accessToken` of a login, register or refresh response (a JWT with `typ: at+jwt`).",
        },
        refreshCookie: {
          type: "apiKey",
          in: "cookie",
          name: REFRESH_COOKIE_NAME,
          description:
            "The HttpOnly refresh cookie. The browser sends it by itself; scripts (and this page) cannot set it.",
        },
      },
    },
  };
}

export function genericResponseName(status: number): string {
  return (
    { 404: "NotFound", 405: "MethodNotAllowed", 500: "InternalError" }[status] ?? `Status${status}`
  );
}

function operationObject(route: Route): Json {
  const parameters = [...parametersOf(route.params, "path"), ...parametersOf(route.query, "query")];
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description:
      route.auth === "fresh"
        ? `${route.description}\n\nNeeds a fresh sign-in: the access token's \`auth_time\` within \`REAUTH_MAX_AGE\`.`
        : route.description,
    security: security(route.auth),
    ...(route.auth === "fresh" ? { "x-fresh-auth": true } : {}),
    ...(route.role !== undefined ? { "x-required-role": route.role } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemaOf(route.body, "input") } },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(documentedResponses(route)).map(([status, response]) => [
        status,
        responseObject(response),
      ]),
    ),
  };
}

/** Path and query parameters, one per property of the route's zod object. */
function parametersOf(schema: z.ZodType | undefined, where: "path" | "query"): Json[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const componentNames = new Map<unknown, string>([
  ...Object.entries(requestSchemas).map(([name, schema]) => [schema, name] as const),
  ...Object.entries(responseSchemas).map(([name, schema]) => [schema, name] as const),
]);

/** A named component when the schema has one, else the schema written out in place. */
function schemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  const name = componentNames.get(schema);
  if (name) return schemaRef(name);
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
}

function security(auth: AuthRequirement): Json[] {
  switch (auth) {
    case "none":
      return [];
    case "bearer":
    case "fresh":
      return [{ bearerAuth: [] }];
    case "optional-bearer":
      // Either, both, or neither: logout works for whatever the client still has.
      return [{ refreshCookie: [] }, { bearerAuth: [] }, {}];
    case "refresh-cookie":
      return [{ refreshCookie: [] }];
  }
}

function responseObject(response: DocumentedResponse): Json {
  const codes = response.problems;
  return {
    description: codes
      ? `${response.description}\n\nProblem codes: ${codes.map((c) => `\`${c}\``).join(", ")}.`
      : response.description,
    ...(codes ? { "x-problem-codes": [...codes] } : {}),
    ...(response.headers
      ? {
          headers: Object.fromEntries(
            response.headers.map((h) => [headers[h].name, { $ref: `#/components/headers/${h}` }]),
          ),
        }
      : {}),
    ...(content(response) ? { content: content(response) } : {}),
  };
}

function content(response: DocumentedResponse): Json | undefined {
  if (response.problems) {
    // Each error response narrows `code` to the codes it can carry.
    return {
      [PROBLEM_CONTENT_TYPE]: {
        schema: {
          allOf: [
            schemaRef("ProblemDetails"),
            { properties: { code: { enum: [...response.problems] } } },
          ],
        },
      },
    };
  }
  if (response.body) return { "application/json": { schema: schemaOf(response.body, "output") } };
  if (response.html) return { "text/html": { schema: { type: "string" } } };
  return undefined;
}

/**
 * Converts the named zod schemas to JSON Schema components. A named schema used inside
 * another one (UserProfile in AuthResponse) becomes a `$ref` instead of a copy.
 */
function componentSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const convert = (io: "input" | "output", schemas: Record<string, z.ZodType>) => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
    const converted = z.toJSONSchema(registry, {
      io,
      uri: (id) => `#/components/schemas/${id}`,
      override: (ctx) => {
        if (io === "input") Object.assign(ctx.jsonSchema, fieldNotes.get(ctx.zodSchema));
      },
    });
    for (const [id, schema] of Object.entries(converted.schemas)) {
      // Components live inside the document: no `$schema` or `$id` of their own.
      const { $schema: _dialect, $id: _id, ...rest } = schema;
      out[id] = rest;
    }
  };
  convert("input", requestSchemas);
  convert("output", responseSchemas);
  return out;
}

const built = new WeakMap<readonly Route[], Json>();

/** The document never changes while the process runs: build it once per route list. */
export function openApiDocument(routes: readonly Route[]): Json {
  let document = built.get(routes);
  if (!document) {
    document = buildOpenApiDocument(routes);
    built.set(routes, document);
  }
  return document;
}

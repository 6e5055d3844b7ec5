import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appOnDialect } from "../../postgres/app-on-dialect.js";
import { linkTokensFor } from "../../accounts/mailbox.js";
import { DIALECTS } from "../../postgres/test-database.js";
import { refreshCookieOf, type TestApp } from "../../support/test-app.js";

// A fuzz of the app's own contract: every operation of the OpenAPI document it serves (so
// a route added later is fuzzed the day it lands), with malformed paths, queries and
// bodies, without a token and with a verified user's fresh one, on both stores. Whatever
// is sent, the answer is the API's: never a 5xx, never a connection dropped.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: unknown };

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodySchema: Schema | undefined;
}

interface FuzzRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

interface Outcome {
  label: string;
  status: number;
}

/** Path values as sent on the wire: bad escapes, bad UTF-8, controls, traversal, size. */
const PATH_VALUES = [
  "%ZZ",
  "%",
  "%F",
  "%FF",
  "%C0%AF",
  "%ED%A0%80",
  "%00",
  "a%00b",
  "%01",
  "%0A",
  "%1B",
  "%7F",
  "%C2%85",
  "%C2%9F",
  "..%2F..%2Fetc%2Fpasswd",
  "..",
  "%2E%2E",
  "\xff",
  "x".repeat(10_000),
  "%E2%80%AE",
];

/** Query values, as sent: the same, plus what parsers nest or split. */
const QUERY_VALUES = [...PATH_VALUES.filter((value) => value !== "\xff"), "a&b=%ZZ", "%5B%5D"];

/** Replacements for one property of an otherwise valid body. */
const PROPERTY_VALUES: Json[] = [
  null,
  0,
  -1,
  1e308,
  true,
  [],
  {},
  ["x"],
  { nested: { deeper: ["x"] } },
  "",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "a\udfffb",
  "\u0085",
  "a\u009fb",
  "\u001b[31m",
  "\u007f",
  "\t\r\n",
  "x".repeat(10_000),
  "../../etc/passwd",
];

function resolveRef(doc: Schema, schema: Schema | undefined): Schema | undefined {
  let current = schema;
  for (let hops = 0; current && typeof current.$ref === "string" && hops < 10; hops++) {
    const parts = current.$ref.replace(/^#\//, "").split("/");
    current = parts.reduce<unknown>((node, key) => (node as Schema)?.[key], doc) as Schema;
  }
  return current;
}

/** A value the schema takes (roughly): the base each property's fuzz is set into. */
function sample(doc: Schema, raw: Schema | undefined, depth = 0): Json {
  const schema = resolveRef(doc, raw);
  if (!schema || depth > 6) return "x";
  if (Array.isArray(schema.enum)) return schema.enum[0] as Json;
  if ("const" in schema) return schema.const as Json;
  const union = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as Schema[] | undefined;
  if (Array.isArray(union) && union.length > 0) return sample(doc, union[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, Json> = {};
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const [key, value] of Object.entries(properties))
        out[key] = sample(doc, value, depth + 1);
      return out;
    }
    case "array":
      return [];
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return true;
    case "string": {
      if (schema.format === "email") return `fuzz-${randomUUID().slice(0, 8)}@example.com`;
      const min = typeof schema.minLength === "number" ? schema.minLength : 1;
      return "Fuzz sample 1".padEnd(min, "x");
    }
    default:
      return "x";
  }
}

function operationsOf(doc: Schema): Operation[] {
  const operations: Operation[] = [];
  const paths = doc.paths as Record<string, Record<string, Schema>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const parameters = ((op.parameters ?? []) as Schema[]).map((p) => resolveRef(doc, p)!);
      const content = (resolveRef(doc, op.requestBody as Schema)?.content ?? {}) as Record<
        string,
        Schema
      >;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === "path").map((p) => String(p.name)),
        queryParams: parameters.filter((p) => p.in === "query").map((p) => String(p.name)),
        bodySchema: resolveRef(doc, content["application/json"]?.schema as Schema | undefined),
      });
    }
  }
  return operations;
}

function fillPath(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "fuzz-id");
}

const JSON_TYPE = { "Content-Type": "application/json" };
const json = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8");

/** The malformed requests of one operation, without credentials. */
function requestsFor(doc: Schema, op: Operation): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const name = `${op.method} ${op.path}`;
  const base = op.bodySchema ? sample(doc, op.bodySchema) : undefined;
  const validBody = base === undefined ? undefined : json(base);
  const add = (label: string, path: string, headers: Record<string, string> = {}, body?: Buffer) =>
    out.push({
      label: `${name} ${label}`,
      method: op.method,
      path,
      headers: body === undefined && validBody ? JSON_TYPE : headers,
      body: body ?? validBody,
    });

  for (const param of op.pathParams)
    for (const value of PATH_VALUES)
      add(`path ${param}=${value.slice(0, 24)}`, fillPath(op.path, { [param]: value }));

  const path = fillPath(op.path);
  for (const param of [...op.queryParams, "fuzz"])
    for (const value of QUERY_VALUES)
      add(`query ${param}=${value.slice(0, 24)}`, `${path}?${param}=${value}`);
  for (const query of ["%ZZ", "%FF=1", "%00=1", "a[b][c][d]=1", "=", "&&&", "%C0%AF=%C0%AF"])
    add(`query ${query}`, `${path}?${query}`);

  const raw = (label: string, body: Buffer | string, headers: Record<string, string>) =>
    out.push({
      label: `${name} body ${label}`,
      method: op.method,
      path,
      headers,
      body: typeof body === "string" ? Buffer.from(body, "utf8") : body,
    });
  if (base !== null && typeof base === "object" && !Array.isArray(base)) {
    for (const key of Object.keys(base))
      for (const value of PROPERTY_VALUES)
        raw(
          `${key}=${JSON.stringify(value).slice(0, 24)}`,
          json({ ...base, [key]: value }),
          JSON_TYPE,
        );
    raw(
      "extra properties",
      json({ ...base, extra: "x", isAdmin: true, "a\u0000": "b" }),
      JSON_TYPE,
    );
    raw(
      "__proto__",
      `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}`,
      JSON_TYPE,
    );
    raw("huge number", `{"${Object.keys(base)[0] ?? "a"}":1e999999}`, JSON_TYPE);
  }
  for (const whole of [null, [], [base ?? {}], "text", 0, true, {}])
    raw(JSON.stringify(whole).slice(0, 24), json(whole), JSON_TYPE);
  raw("empty json", "", JSON_TYPE);
  raw("truncated", '{"a":', JSON_TYPE);
  raw("not json", "not json", JSON_TYPE);
  raw("deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}`, JSON_TYPE);
  raw("escaped NUL key", '{"\\u0000":"\\u0000"}', JSON_TYPE);
  raw("escaped lone surrogate", '{"x":"\\ud800","y":"\\udc00"}', JSON_TYPE);
  raw(
    "invalid utf-8",
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xc0, 0xaf, 0x22, 0x7d]),
    JSON_TYPE,
  );
  raw("text/plain", "email=x", { "Content-Type": "text/plain" });
  raw("form", "email=x&password=y", { "Content-Type": "application/x-www-form-urlencoded" });
  raw("no content-type", '{"a":1}', {});
  raw("utf-16", Buffer.from('{"a":"b"}', "utf16le"), {
    "Content-Type": "application/json; charset=utf-16",
  });
  raw("unknown charset", '{"a":1}', { "Content-Type": "application/json; charset=klingon" });
  raw("gzip claimed", '{"a":1}', { ...JSON_TYPE, "Content-Encoding": "gzip" });
  raw("content-type garbage", '{"a":1}', { "Content-Type": "application/json; ;;=\u00ff" });
  return out;
}

/** One request over a real socket: paths go on the wire exactly as written. */
function send(base: URL, request: FuzzRequest, agent: http.Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        agent,
        headers: {
          ...request.headers,
          ...(request.body ? { "Content-Length": String(request.body.length) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(-1));
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error("timed out")));
    // A dropped connection is a failure as much as a 500: it is recorded as status -1.
    req.on("error", () => resolve(-1));
    req.end(request.body);
  });
}

async function runAll(
  base: URL,
  requests: FuzzRequest[],
  agent: http.Agent,
  concurrency = 4,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      outcomes.push({ label: request.label, status: await send(base, request, agent) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

/** Registers a user and verifies the address through the dev mailbox: a token that opens every route. */
async function verifiedToken(app: TestApp): Promise<string> {
  const email = `fuzz-${randomUUID().slice(0, 8)}@example.com`;
  const registered = await app.http
    .post("/api/auth/register")
    .send({ email, password: "correct horse battery", name: "Fuzz User" })
    .expect(201);
  const [token] = await linkTokensFor(app, email, "verify-email");
  await app.http.post("/api/auth/verify-email").send({ token }).expect(200);
  const refreshed = await app.http
    .post("/api/auth/refresh")
    .set("Cookie", `refresh_token=${refreshCookieOf(registered.headers["set-cookie"])}`)
    .expect(200);
  return refreshed.body.accessToken as string;
}

describe.each(DIALECTS)("the OpenAPI document's operations, fuzzed, on %s", (dialect) => {
  const on = appOnDialect(dialect);
  let server: http.Server;
  let base: URL;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  beforeAll(async () => {
    server = on.app.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("when every operation gets malformed paths, queries and bodies, with and without a token, then none answers 5xx", async () => {
    const doc = (await on.app.http.get("/api/openapi.json").expect(200)).body as Schema;
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(30);

    let token = await verifiedToken(on.app);
    const outcomes: Outcome[] = [];
    for (const op of operations) {
      const requests = requestsFor(doc, op);
      // The run may end its own session (logout-all, account deletion): each operation
      // starts with a token that works.
      const profile = await on.app.http
        .get("/api/user/profile")
        .set("Authorization", `Bearer ${token}`);
      if (profile.status !== 200) token = await verifiedToken(on.app);
      const withToken = requests.map((request) => ({
        ...request,
        label: `${request.label} (bearer)`,
        headers: { ...request.headers, Authorization: `Bearer ${token}` },
      }));
      outcomes.push(...(await runAll(base, [...requests, ...withToken], agent)));
    }

    const failures = outcomes.filter((outcome) => outcome.status >= 500 || outcome.status < 100);
    // Bounded: a few thousand requests per store (44 operations gave 5,812 each).
    expect(outcomes.length).toBeGreaterThan(1_000);
    expect(
      failures.map((failure) => `${failure.status} ${failure.label}`),
      `of ${outcomes.length} requests on ${dialect}, those answered with a 5xx (or dropped)`,
    ).toEqual([]);
  }, 180_000);
});

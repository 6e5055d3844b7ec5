import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { errorCodes } from "@jwt-auth/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredRoutes } from "../../src/app.js";
import type { Route } from "../../src/http/route.js";
import { statusOf } from "../../src/http/problem-status.js";
import { documentedResponses } from "../../src/openapi/documented-responses.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

/**
 * docs/api.md is prose for people; the route declarations and env.ts are what the code does.
 * These checks keep the prose from drifting away from the code.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
const apiDoc = read("docs/api.md");

/** The variable names of the schemas that parse the environment, one per file of config/. */
function environmentVariables(): string[] {
  const dir = "apps/api/src/config";
  return fs.readdirSync(path.join(repoRoot, dir)).flatMap((file) => {
    const source = read(`${dir}/${file}`);
    return [...source.matchAll(/ = z\.object\(\{([\s\S]*?)\n\}\);/g)].flatMap((schema) =>
      [...schema[1]!.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!),
    );
  });
}

/** The cells of the Markdown table row whose first cell is `first` (cells trimmed). */
function rowOf(markdown: string, first: string): string[] | undefined {
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .find((cells) => cells[0] === first);
}

let app: TestApp;
let operations: readonly Route[];
beforeAll(async () => {
  app = await startTestApp();
  operations = declaredRoutes(app.app);
});
afterAll(async () => {
  await app.close();
});

describe("docs/api.md and .env.example", () => {
  it("when env.ts reads a variable, then both document it", () => {
    const variables = environmentVariables();
    expect(variables.length).toBeGreaterThanOrEqual(20);
    const example = read(".env.example");
    for (const name of variables) {
      expect(rowOf(apiDoc, `\`${name}\``), `docs/api.md: ${name}`).toBeDefined();
      expect(example, `.env.example: ${name}`).toMatch(new RegExp(`^# ${name}=`, "m"));
    }
  });

  it("when the API has an endpoint, then the endpoint table lists it with every status but 503", () => {
    for (const o of operations) {
      const row = rowOf(apiDoc, `\`${o.method.toUpperCase()} ${o.path}\``);
      expect(row, `${o.method} ${o.path}`).toBeDefined();
      for (const status of Object.keys(documentedResponses(o)).filter((s) => s !== "503")) {
        expect(row!.join(" | "), `${o.method} ${o.path} ${status}`).toContain(`\`${status}\``);
      }
    }
  });

  it("when the shared union has an error code, then the error table gives it the status the API answers with", () => {
    for (const code of errorCodes) {
      const row = rowOf(apiDoc, `\`${code}\``);
      expect(row, code).toBeDefined();
      expect(Number(row![1]), code).toBe(statusOf(code));
    }
  });
});

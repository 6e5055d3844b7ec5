import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as shared from "@jwt-auth/shared";
import { AccessTokenClaims } from "@jwt-auth/shared";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { sampleToken, SAMPLE_USER, type SampleToken } from "../../src/cli/doc-token.js";

/**
 * The docs show a real token, real response bodies and real code. These checks fail when the
 * app changes and the docs do not: regenerate the samples with `npm run doc:token`.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
const howItWorks = read("docs/how-it-works.md");
const readme = read("README.md");

/** The text of a `## ` section, up to the next one. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}`);
  if (start === -1) throw new Error(`no section "${heading}"`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** Every fenced block of a language, with the text just before it. */
function fencedBlocks(markdown: string, lang: string): { before: string; body: string }[] {
  const blocks = [];
  const fence = new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm");
  for (const m of markdown.matchAll(fence)) {
    blocks.push({ before: markdown.slice(Math.max(0, m.index - 300), m.index), body: m[1]! });
  }
  return blocks;
}

const decodePart = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
const sorted = (keys: Iterable<string>) => [...keys].sort();
const numberAfter = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1]);

describe("the token in docs/how-it-works.md §2", () => {
  const jwtSection = section(howItWorks, "2. What a JWT is");
  const token = /```text\n([\s\S]*?)```/.exec(jwtSection)![1]!.replace(/\s/g, "");
  const [headerPart, payloadPart, signature] = token.split(".") as [string, string, string];
  const header = decodePart(headerPart);
  const payload = decodePart(payloadPart);
  let fresh: SampleToken;
  let es256: SampleToken;

  beforeAll(async () => {
    [fresh, es256] = await Promise.all([sampleToken(), sampleToken("ES256")]);
  });

  it("when its claims are compared with the shared AccessTokenClaims schema, then they are exactly its claims", () => {
    expect(AccessTokenClaims.strict().safeParse(payload).error).toBeUndefined();
    expect(sorted(Object.keys(payload))).toEqual(sorted(Object.keys(AccessTokenClaims.shape)));
  });

  it("when the app signs a token today, then it has the same header and claims as the one in the doc", () => {
    const today = fresh.login.accessToken;
    expect(sorted(Object.keys(fresh.header))).toEqual(sorted(Object.keys(header)));
    expect(sorted(Object.keys(fresh.payload))).toEqual(sorted(Object.keys(payload)));
    expect({ alg: header.alg, typ: header.typ }).toEqual({
      alg: fresh.header.alg,
      typ: fresh.header.typ,
    });
    for (const claim of ["email", "name", "amr", "email_verified", "iss", "aud"]) {
      expect(payload[claim], claim).toEqual(fresh.payload[claim]);
    }
    expect(Number(payload.exp) - Number(payload.iat)).toBe(
      Number(fresh.payload.exp) - Number(fresh.payload.iat),
    );
    expect(payload.email).toBe(SAMPLE_USER.email);
    // Same user, same settings: the length is the same to the character.
    expect(token.length).toBe(today.length);
  });

  it("when the doc shows the header, the payload, the signature and the claims table, then each is this token's", () => {
    const [headerJson, payloadJson] = fencedBlocks(jwtSection, "json").map((b) =>
      JSON.parse(b.body),
    );
    expect(headerJson).toEqual(header);
    expect(payloadJson).toEqual(payload);
    expect(jwtSection).toContain(`**Signature** — \`${signature}\``);
    const tableClaims = jwtSection
      .split("\n")
      .filter((line) => /^\| `/.test(line))
      .flatMap((line) => [...line.split("|")[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    expect(sorted(tableClaims)).toEqual(sorted(Object.keys(payload)));
  });

  it("when the doc gives the token's length with HS256 and ES256, then both are today's", () => {
    expect(numberAfter(jwtSection, /One line in reality, (\d+) characters/)).toBe(token.length);
    const es256Length = es256.login.accessToken.length;
    expect(numberAfter(jwtSection, /ECDSA signature \((\d+) characters in all/)).toBe(es256Length);
    const against = section(howItWorks, "10. The case against JWTs");
    expect(numberAfter(against, /(\d+) bytes here with HS256/)).toBe(token.length);
    expect(numberAfter(against, /, (\d+) with ES256/)).toBe(es256Length);
  });
});

describe("the response bodies in README.md", () => {
  const schemas = shared as unknown as Record<string, z.ZodType>;
  const bodies = fencedBlocks(readme, "json").map(({ before, body }) => ({
    schema: /<!-- body: (\w+) -->\s*$/.exec(before)?.[1],
    body: JSON.parse(body) as unknown,
  }));

  it("when a JSON block is shown, then it names the shared schema it is an instance of", () => {
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    for (const { schema } of bodies) expect(schema && schemas[schema]).toBeDefined();
  });

  it("when each body is parsed with its schema, then it is valid and has no field the schema lacks", () => {
    for (const { schema, body } of bodies) {
      const parsed = schemas[schema!]!.safeParse(body);
      expect(parsed.error, schema).toBeUndefined();
      // zod drops the keys it does not know: what is left must be the whole body.
      expect(parsed.data, schema).toEqual(body);
    }
  });

  it("when the README shows a login's token, then it is the token of docs/how-it-works.md", () => {
    const docToken = /```text\n([\s\S]*?)```/
      .exec(section(howItWorks, "2. What a JWT is"))![1]!
      .replace(/\s/g, "");
    const login = bodies.find((b) => b.schema === "AuthResponse")?.body as { accessToken: string };
    expect(login.accessToken).toBe(docToken);
  });

  it("when a diagram lists a DTO's fields, then they are exactly the schema's", () => {
    const text = readme + howItWorks;
    const mentions = [...text.matchAll(/\b(AuthResponse|UserProfile) \{([^}]*)\}/g)];
    expect(mentions.length).toBeGreaterThanOrEqual(2);
    for (const [, name, fields] of mentions) {
      const shape = (schemas[name!] as unknown as { shape: Record<string, unknown> }).shape;
      expect(sorted(fields!.split(",").map((f) => f.trim())), name).toEqual(
        sorted(Object.keys(shape)),
      );
    }
  });
});

describe("the code shown in the docs", () => {
  const excerpts = fs
    .readdirSync(path.join(repoRoot, "docs"))
    .filter((name) => name.endsWith(".md"))
    .flatMap((name) => {
      const markdown = read(`docs/${name}`);
      return [...markdown.matchAll(/<!-- excerpt of (\S+) -->\s*```\w*\n([\s\S]*?)^```$/gm)].map(
        (m) => ({ doc: name, file: path.join("docs", m[1]!), body: m[2]! }),
      );
    });

  it("when a block says which file it is an excerpt of, then its code is in that file", () => {
    // Prettier may re-wrap an excerpt's lines in the Markdown, and drop a trailing comma with
    // them, so neither whitespace nor trailing commas are compared.
    const bare = (text: string) => text.replace(/\s+/g, "").replace(/,([)\]}])/g, "$1");
    expect(excerpts.length).toBeGreaterThanOrEqual(6);
    for (const { doc, file, body } of excerpts) {
      const found = bare(read(path.normalize(file))).includes(bare(body));
      const first = body.trim().split("\n")[0];
      expect(found, `${doc}: the excerpt of ${file} starting "${first}" is not in it`).toBe(true);
    }
  });

  it("when the lesson's example is shown, then the whole of lesson.ts and client.ts is there", () => {
    const lesson = section(howItWorks, "The lesson in 60 lines");
    for (const file of ["examples/lesson/src/lesson.ts", "examples/lesson/src/client.ts"]) {
      expect(lesson).toContain("```ts\n" + read(file) + "```");
    }
  });
});

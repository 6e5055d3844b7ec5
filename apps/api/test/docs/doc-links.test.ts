import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const script = path.join(repoRoot, "scripts/check-doc-links.mjs");

function checkLinks(root: string) {
  const result = spawnSync(process.execPath, [script, "--root", root], {
    encoding: "utf8",
    timeout: 20_000,
  });
  return {
    code: result.status,
    problems: result.stderr.split("\n").filter(Boolean),
    stdout: result.stdout,
  };
}

const fixtures: string[] = [];
/** A throw-away repository with the given files. */
function fixture(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "doc-links-"));
  fixtures.push(root);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
afterEach(() => {
  for (const root of fixtures.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe("the links of the project's own docs", () => {
  it("when README.md and docs/*.md are checked, then every relative link points at something that exists", () => {
    const { code, problems, stdout } = checkLinks(repoRoot);
    expect(problems).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Links OK/);
  });
});

describe("the link checker", () => {
  const code =
    'export function verifyToken() {}\nit("when the token is 100% fine, then it passes");\n';

  it("when every kind of link is right, then it passes", () => {
    const root = fixture({
      "README.md":
        "[how](docs/how.md#token-vs-session) [code](src/verify.ts) [line](src/verify.ts#L2) [web](https://example.com)\n" +
        "[`verifyToken`](src/verify.ts#L1) [verify.ts — _the token is 100% fine_](src/verify.ts#L1-L2)\n",
      "docs/how.md":
        "# How\n\n## Token vs session\n\nBack to [readme](../README.md) and [here](#how).\n",
      "src/verify.ts": code,
    });
    expect(checkLinks(root).problems).toEqual([]);
  });

  it("when a file, a heading or a line is missing, or a fragment is no line anchor, then each is reported with its place", () => {
    const root = fixture({
      "README.md": "[gone](docs/gone.md)\n[heading](docs/how.md#nope)\n",
      "docs/how.md":
        "# How\n[symbol](../src/verify.ts#verifyToken) [line](../src/verify.ts#L99) [escape](../../outside.md) [test](<../src/verify.ts#when it fails>)\n" +
        "[backwards](../src/verify.ts#L2-L1) [zero](../src/verify.ts#L0)\n",
      "src/verify.ts": code,
    });
    const { code: exit, problems } = checkLinks(root);
    expect(exit).toBe(1);
    expect(problems).toEqual([
      "README.md:1: docs/gone.md (no such file)",
      "README.md:2: docs/how.md#nope (no heading #nope)",
      "docs/how.md:2: ../src/verify.ts#verifyToken (#verifyToken is not a line anchor (#L12 or #L12-L40); a browser ignores it)",
      "docs/how.md:2: ../src/verify.ts#L99 (has 2 lines, not 99)",
      "docs/how.md:2: ../../outside.md (points outside the repository)",
      "docs/how.md:2: ../src/verify.ts#when it fails (#when it fails is not a line anchor (#L12 or #L12-L40); a browser ignores it)",
      "docs/how.md:3: ../src/verify.ts#L2-L1 (#L2-L1 is not a range of lines)",
      "docs/how.md:3: ../src/verify.ts#L0 (#L0 is not a range of lines)",
    ]);
  });

  it("when the lines a link points at do not hold the symbol or the test its text names, then the drift is reported", () => {
    const root = fixture({
      "README.md":
        "[`verifyToken`](src/verify.ts#L2) [`a.b`, `signToken`](src/verify.ts#L1)\n" +
        "[verify.ts — _when the token is 100% fine_](src/verify.ts#L1)\n",
      "src/verify.ts": code,
    });
    expect(checkLinks(root).problems).toEqual([
      'README.md:1: src/verify.ts#L2 (lines 2-2 do not contain "verifyToken" (now on line 1))',
      'README.md:1: src/verify.ts#L1 (lines 1-1 do not contain "a.b" (not on any one line of the file), "signToken" (not on any one line of the file))',
      'README.md:2: src/verify.ts#L1 (lines 1-1 do not contain "when the token is 100% fine" (now on line 2))',
    ]);
  });

  it("when a link sits in a code block or a code span, then it is not a link", () => {
    const root = fixture({
      "README.md": "```md\n[gone](gone.md)\n```\nUse `[x](gone.md)` like this.\n",
    });
    expect(checkLinks(root).problems).toEqual([]);
  });
});

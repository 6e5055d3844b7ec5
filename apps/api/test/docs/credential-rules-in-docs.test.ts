import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { credentialRulesTable } from "../../src/credentials/credential-table.js";

const doc = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../docs/account-security.md",
);

/** A Markdown table's cells, whatever the column padding a formatter gave it. */
function cells(table: string): string[][] {
  return table
    .trim()
    .split("\n")
    .filter((line) => !/^\|[\s|:-]+\|$/.test(line.trim()))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, "")
        .split("|")
        .map((cell) => cell.trim()),
    );
}

describe("docs/account-security.md's table of credential events", () => {
  it("when the doc is read, then its table is the one the code applies (npm run doc:credential-rules -w @jwt-auth/api prints it)", () => {
    const text = fs.readFileSync(doc, "utf8");
    const match = /<!-- credential-rules:start -->\n([\s\S]*?)<!-- credential-rules:end -->/.exec(
      text,
    );
    expect(match, "the markers of the table are in the doc").not.toBeNull();
    expect(cells(match![1]!)).toEqual(cells(credentialRulesTable()));
  });
});

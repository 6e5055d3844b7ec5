#!/usr/bin/env node
// Checks every relative link in README.md and docs/**/*.md: the file it points at must
// exist inside the repository; `file.md#heading` must name a heading of that file;
// `file.ts#L12` must be a line of it; `file.ts#someName` (or `<file.test.ts#a test's name>`)
// must be text that occurs in it.
// Usage: node scripts/check-doc-links.mjs [--root DIR]   (exit 1 and one line per broken link)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The Markdown files whose links are checked. */
export function markdownFiles(root) {
  const files = [];
  if (fs.existsSync(path.join(root, "README.md"))) files.push(path.join(root, "README.md"));
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".md")) files.push(full);
    }
  };
  walk(path.join(root, "docs"));
  return files;
}

/** Links of a Markdown text, with their line numbers, outside code blocks and code spans. */
export function linksOf(markdown) {
  const links = [];
  let fence;
  markdown.split("\n").forEach((raw, index) => {
    const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(raw);
    if (fenceMatch) {
      if (!fence) fence = fenceMatch[1][0];
      else if (fenceMatch[1][0] === fence) fence = undefined;
      return;
    }
    if (fence) return;
    const line = raw.replace(/`[^`]*`/g, "");
    // [text](target "title"), ![alt](target) and [text](<target with spaces>), then
    // reference definitions `[id]: target`.
    for (const m of line.matchAll(
      /!?\[(?:[^\]\\]|\\.)*\]\(\s*(?:<([^>]+)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g,
    )) {
      links.push({ target: m[1] ?? m[2], line: index + 1 });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(line);
    if (definition) links.push({ target: definition[1], line: index + 1 });
  });
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function headingSlugs(markdown) {
  const seen = new Map();
  const slugs = new Set();
  let fence = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fence = !fence;
    if (fence) continue;
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = headingSlug(m[1].replace(/`/g, ""));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const m of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) slugs.add(m[1]);
  return slugs;
}

function isExternal(target) {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");
}

/** Percent-decoding, leaving text that is not percent-encoded (`100%`, `"%s"`) as it is. */
function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What is wrong with one link, or undefined when it is fine. */
function problemOf(root, fromFile, target) {
  if (isExternal(target)) return undefined;
  const hash = target.indexOf("#");
  const filePart = decode(hash === -1 ? target : target.slice(0, hash));
  const fragment = hash === -1 ? "" : decode(target.slice(hash + 1));
  const resolved = filePart === "" ? fromFile : path.resolve(path.dirname(fromFile), filePart);
  const relative = path.relative(root, resolved);
  if (relative.startsWith("..") || path.isAbsolute(relative))
    return "points outside the repository";
  if (!fs.existsSync(resolved)) return "no such file";
  if (!fragment || fs.statSync(resolved).isDirectory()) return undefined;

  const text = fs.readFileSync(resolved, "utf8");
  if (resolved.endsWith(".md")) {
    return headingSlugs(text).has(fragment) ? undefined : `no heading #${fragment}`;
  }
  const lines = /^L(\d+)(?:-L(\d+))?$/.exec(fragment);
  if (lines) {
    const count = text.split("\n").length;
    const last = Number(lines[2] ?? lines[1]);
    return last <= count ? undefined : `has ${count} lines, not ${last}`;
  }
  return text.includes(fragment) ? undefined : `does not contain "${fragment}"`;
}

/** Every broken link under `root`, as `file:line: target (why)`. */
export function checkDocLinks(root = defaultRoot) {
  const problems = [];
  for (const file of markdownFiles(root)) {
    for (const { target, line } of linksOf(fs.readFileSync(file, "utf8"))) {
      const problem = problemOf(root, file, target);
      if (problem) problems.push(`${path.relative(root, file)}:${line}: ${target} (${problem})`);
    }
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rootIndex = process.argv.indexOf("--root");
  const root = rootIndex === -1 ? defaultRoot : path.resolve(process.argv[rootIndex + 1]);
  const files = markdownFiles(root);
  const problems = checkDocLinks(root);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log(`Links OK in ${files.length} Markdown file(s).`);
}

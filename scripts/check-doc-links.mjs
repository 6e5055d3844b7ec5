#!/usr/bin/env node
// Checks every relative link in README.md and docs/**/*.md: the file it points at must
// exist inside the repository; `file.md#heading` must name a heading of that file. A link
// into any other file may only carry a line anchor, `#L12` or `#L12-L40`, the one kind of
// fragment a browser acts on: the lines must be inside the file, and what the link's text
// names must be on them, so an anchor that drifts is caught. The text names a symbol in
// backticks (`[`bearerToken`](…#L12-L16)`) or a test by its title, in italics
// (`[file.test.ts — _when …_](…#L40-L52)`); a link whose text names neither is checked
// for its range only.
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

/**
 * Links of a Markdown text, with their text and line numbers, outside code blocks. Code spans
 * are no links, but inside a link's text they are kept: they name what the link points at.
 */
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
    // A link that starts inside a code span is no link; code spans in a link's text are kept.
    const spans = [...raw.matchAll(/`[^`]*`/g)].map((m) => [m.index, m.index + m[0].length]);
    const inSpan = (at) => spans.some(([from, to]) => at >= from && at < to);
    for (const m of raw.matchAll(
      /!?\[((?:[^\]\\]|\\.)*)\]\(\s*(?:<([^>]+)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g,
    )) {
      if (inSpan(m.index)) continue;
      links.push({ target: m[2] ?? m[3], text: m[1], line: index + 1 });
    }
    const definition = /^\s{0,3}\[[^\]`]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(raw);
    if (definition) links.push({ target: definition[1], text: "", line: index + 1 });
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

/**
 * What a link's text names, to be found on the lines it points at: identifiers in code spans
 * (`createJwtStrategy`, `deps.passport.authenticate`) and a trailing italic test title.
 */
export function namesIn(text) {
  const names = [];
  for (const m of text.matchAll(/`([^`]+)`/g)) {
    if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(m[1])) names.push(m[1]);
  }
  const title = /(?:^|\s)_(.+)_\s*$/.exec(text.replace(/`[^`]*`/g, ""));
  if (title) names.push(title[1]);
  return names;
}

const squeeze = (text) => text.replace(/\s+/g, " ");

/** What is wrong with one link, or undefined when it is fine. */
function problemOf(root, fromFile, target, text = "") {
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

  const content = fs.readFileSync(resolved, "utf8");
  if (resolved.endsWith(".md")) {
    return headingSlugs(content).has(fragment) ? undefined : `no heading #${fragment}`;
  }
  const lines = /^L(\d+)(?:-L(\d+))?$/.exec(fragment);
  if (!lines) return `#${fragment} is not a line anchor (#L12 or #L12-L40); a browser ignores it`;
  const all = content.split("\n");
  if (all.at(-1) === "") all.pop();
  const first = Number(lines[1]);
  const last = Number(lines[2] ?? lines[1]);
  if (first < 1 || last < first) return `#${fragment} is not a range of lines`;
  if (last > all.length) return `has ${all.length} lines, not ${last}`;
  const range = squeeze(all.slice(first - 1, last).join("\n"));
  const missing = namesIn(text).filter((name) => !range.includes(squeeze(name)));
  if (missing.length === 0) return undefined;
  // Where each name is now, so a drifted anchor is quick to move.
  const whereNow = missing.map((name) => {
    const at = all.findIndex((line) => squeeze(line).includes(squeeze(name)));
    return `"${name}" (${at === -1 ? "not on any one line of the file" : `now on line ${at + 1}`})`;
  });
  return `lines ${first}-${last} do not contain ${whereNow.join(", ")}`;
}

/** Every broken link under `root`, as `file:line: target (why)`. */
export function checkDocLinks(root = defaultRoot) {
  const problems = [];
  for (const file of markdownFiles(root)) {
    for (const { target, text, line } of linksOf(fs.readFileSync(file, "utf8"))) {
      const problem = problemOf(root, file, target, text);
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

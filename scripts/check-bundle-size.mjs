#!/usr/bin/env node
// The login page is the first thing every user loads: its JavaScript (the entry chunk and
// everything it imports statically) must stay within 100 kB gzip. This fails (exit 1) above
// 110 kB, so a small overshoot is a warning and a real regression stops CI. Chunks loaded
// later (dynamic imports: the profile page, the register page) are listed but not counted.
//
//   node scripts/check-bundle-size.mjs [--dist apps/web/dist] [--json]
//
// Reads Vite's manifest (.vite/manifest.json) when the build writes one, and otherwise
// follows index.html's module script and the static imports inside each chunk.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET = 100_000;
const FAIL_ABOVE = 110_000; // the budget plus 10 %
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const distArg = args.includes("--dist") ? args[args.indexOf("--dist") + 1] : undefined;
const dist = path.resolve(root, distArg ?? "apps/web/dist");
const asJson = args.includes("--json");

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const gzipSize = (file) => gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;

function fail(message) {
  if (asJson) console.log(JSON.stringify({ error: message }));
  else console.error(`check-bundle-size: ${message}`);
  process.exit(1);
}

/** Static and dynamic imports of every chunk, from the manifest or from the chunks themselves. */
function readGraph() {
  const manifestFile = path.join(dist, ".vite/manifest.json");
  if (fs.existsSync(manifestFile)) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    const fileOf = (key) => manifest[key].file;
    const entries = Object.values(manifest)
      .filter((c) => c.isEntry)
      .map((c) => c.file);
    const graph = new Map();
    for (const chunk of Object.values(manifest)) {
      if (!chunk.file.endsWith(".js")) continue;
      graph.set(chunk.file, {
        imports: (chunk.imports ?? []).map(fileOf),
        dynamic: (chunk.dynamicImports ?? []).map(fileOf),
      });
    }
    return { source: "manifest", entries, graph };
  }

  const indexFile = path.join(dist, "index.html");
  if (!fs.existsSync(indexFile))
    fail(
      `${path.relative(root, indexFile)} not found: build the web app first (npm run build -w @jwt-auth/web)`,
    );
  const html = fs.readFileSync(indexFile, "utf8");
  const toFile = (url) => url.replace(/^\//, "").split(/[?#]/)[0];
  const entries = [...html.matchAll(/<script\b[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) =>
    toFile(m[1]),
  );
  const preloads = [...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (m) => toFile(m[1]),
  );
  const graph = new Map();
  const visit = (file) => {
    if (graph.has(file) || !fs.existsSync(path.join(dist, file))) return;
    const code = fs.readFileSync(path.join(dist, file), "utf8");
    const resolve = (spec) =>
      spec.startsWith("/") ? toFile(spec) : path.posix.join(path.posix.dirname(file), spec);
    // `from"./x.js"` and `import"./x.js"` are static; `import("./x.js")` and Vite's preload
    // list (`__vite__mapDeps`) name chunks fetched later.
    const imports = [
      ...code.matchAll(/\bfrom\s*["']([^"']+\.js)["']|\bimport\s*["']([^"']+\.js)["']/g),
    ].map((m) => resolve(m[1] ?? m[2]));
    const mapped = [...code.matchAll(/["'](assets\/[^"']+\.js)["']/g)].map((m) => m[1]);
    const dynamic = [...code.matchAll(/\bimport\(\s*["']([^"']+\.js)["']\s*\)/g)]
      .map((m) => resolve(m[1]))
      .concat(mapped);
    graph.set(file, { imports, dynamic: dynamic.filter((d) => !imports.includes(d)) });
    for (const f of [...imports, ...dynamic]) visit(f);
  };
  for (const file of [...entries, ...preloads]) visit(file);
  for (const file of preloads)
    if (!entries.includes(file)) graph.get(entries[0])?.imports.push(file);
  return { source: "index.html", entries, graph };
}

const { source, entries, graph } = readGraph();
if (entries.length === 0) fail("no module script found in index.html");

const initial = new Set();
const addStatic = (file) => {
  if (initial.has(file)) return;
  initial.add(file);
  for (const dep of graph.get(file)?.imports ?? []) addStatic(dep);
};
for (const entry of entries) addStatic(entry);

const later = [...graph.keys()].filter((f) => !initial.has(f));
const sized = (files) =>
  files.map((file) => ({ file, gzip: gzipSize(file) })).sort((a, b) => b.gzip - a.gzip);
const initialChunks = sized([...initial]);
const laterChunks = sized(later);
const total = initialChunks.reduce((sum, c) => sum + c.gzip, 0);
const profileChunk = laterChunks.find((c) => /profile/i.test(path.basename(c.file)));
const profileInInitial = initialChunks.some((c) => /profile/i.test(path.basename(c.file)));
const ok = total <= FAIL_ABOVE;

if (asJson) {
  console.log(
    JSON.stringify({
      source,
      budget: BUDGET,
      failAbove: FAIL_ABOVE,
      total,
      ok,
      initial: initialChunks,
      later: laterChunks,
      profileSplit: Boolean(profileChunk) && !profileInInitial,
    }),
  );
} else {
  const verdict =
    total <= BUDGET
      ? "within budget"
      : ok
        ? "OVER BUDGET (warning: fails above 110 kB)"
        : "OVER BUDGET by more than 10 %";
  console.log(`login route JavaScript: ${kB(total)} gzip, budget ${kB(BUDGET)}: ${verdict}`);
  for (const c of initialChunks) console.log(`  ${kB(c.gzip).padStart(9)}  ${c.file}`);
  console.log(
    `loaded later (${laterChunks.length} chunks, ${kB(laterChunks.reduce((s, c) => s + c.gzip, 0))}):`,
  );
  for (const c of laterChunks) console.log(`  ${kB(c.gzip).padStart(9)}  ${c.file}`);
  console.log(
    profileChunk && !profileInInitial
      ? `profile page: own chunk (${profileChunk.file}), loaded lazily`
      : "profile page: NOT split into its own lazy chunk",
  );
}
process.exit(ok ? 0 : 1);

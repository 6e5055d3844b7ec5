import fs from "node:fs";
import path from "node:path";
import { round } from "./stats.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where a server's CPU time went, by the part of the stack that owns it. A sample belongs to
 * the nearest frame (walking up from the leaf) of a known part; Node's HTTP machinery and
 * Express itself only claim what no other part above them claims.
 */
const STARTUP = "module loading (start-up)";
const PARTS: Array<[string, RegExp]> = [
  [
    "request logging (pino access log)",
    /node_modules\/(pino|pino-http|pino-std-serializers|sonic-boom|@pinojs\/redact)\/|\/http\/logger\.js/,
  ],
  [
    "token verification (passport-jwt, jsonwebtoken)",
    /node_modules\/(jsonwebtoken|jws|jwa|passport-jwt)\/|\/auth\/(jwt-strategy|bearer-token|verified-token-cache)\.js/,
  ],
  ["passport", /node_modules\/(passport|passport-strategy)\/|\/auth\/require-auth\.js/],
  ["argon2id", /node_modules\/@node-rs\/argon2/],
  [
    "database (kysely, better-sqlite3, pg)",
    /node_modules\/(kysely|better-sqlite3|pg|pg-protocol|pg-pool)\/|\/store\//,
  ],
  [
    "security headers (helmet, no-store)",
    /node_modules\/helmet\/|\/http\/(security-headers|no-store)\.js/,
  ],
  [
    "body parsing and validation (body-parser, zod)",
    /node_modules\/(body-parser|raw-body|zod)\/|\/http\/(json-body|parse-body)\.js/,
  ],
  [STARTUP, /^node:internal\/modules\//],
];
const FALLBACKS: Array<[string, RegExp]> = [
  [
    "express and router",
    /node_modules\/(express|router|finalhandler|parseurl|send|serve-static)\//,
  ],
  ["node http and sockets", /^node:(_http|net|internal\/stream|internal\/streams|stream|events)/],
];

export interface ProfileSummary {
  file: string;
  /** Share of the busy time after start-up, per part, largest first. */
  parts: Array<{ part: string; percent: number }>;
  /** Main-thread time spent working after start-up (module loading is left out). */
  busyMs: number;
  idlePercent: number;
}

export function summarizeCpuProfile(file: string): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );

  const totals = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, time] of selfTime) {
    const leaf = byId.get(id)!.callFrame.functionName;
    if (leaf === "(idle)") {
      idle += time;
      continue;
    }
    busy += time;
    const part = leaf === "(garbage collector)" ? "garbage collection" : partOf(id, byId, parent);
    totals.set(part, (totals.get(part) ?? 0) + time);
  }
  const startup = totals.get(STARTUP) ?? 0;
  totals.delete(STARTUP);
  const working = busy - startup;
  return {
    file,
    busyMs: round(working / 1000, 0),
    idlePercent: round((100 * idle) / (idle + working), 1),
    parts: [...totals]
      .sort((a, b) => b[1] - a[1])
      .map(([part, time]) => ({ part, percent: round((100 * time) / working, 1) })),
  };
}

function partOf(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): string {
  let fallback: string | undefined;
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const url = byId.get(cur)!.callFrame.url;
    for (const [part, pattern] of PARTS) if (pattern.test(url)) return part;
    if (!fallback) for (const [part, pattern] of FALLBACKS) if (pattern.test(url)) fallback = part;
  }
  return fallback ?? "other (native, runtime)";
}

/**
 * The share of the busy time (after start-up) whose nearest own or library frame, walking up
 * from the leaf, is in a file `code` matches. Unlike `parts`, a frame that calls the rest of
 * the app (a middleware's `next()`) is not charged for what it calls: only the code itself.
 */
export function shareOfCode(file: string, code: RegExp): number {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  let busy = 0;
  let matched = 0;
  profile.samples.forEach((id, i) => {
    const time = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(id)!.callFrame.functionName;
    if (leaf === "(idle)" || leaf === "(program)") return;
    let owner: string | undefined;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur)!.callFrame.url;
      if (url.startsWith("file:") || url.startsWith("/")) {
        owner = url;
        break;
      }
      if (/^node:internal\/modules\//.test(url)) {
        owner = STARTUP;
        break;
      }
    }
    if (owner === STARTUP) return;
    busy += time;
    if (owner !== undefined && code.test(owner)) matched += time;
  });
  return busy === 0 ? 0 : matched / busy;
}

/** The profile a process wrote into `dir` when it exited. */
export function newestProfile(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

export function formatSummary(summary: ProfileSummary, top = 8): string {
  return (
    `    ${summary.busyMs} ms busy after start-up, idle ${summary.idlePercent}% of the time\n` +
    summary.parts
      .slice(0, top)
      .map((p) => `    ${p.percent.toFixed(1).padStart(5)}%  ${p.part}`)
      .join("\n")
  );
}

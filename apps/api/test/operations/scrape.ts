import type { RequestListener } from "node:http";
import supertest from "supertest";
import { waitFor } from "../postgres/wait-for.js";

/** The exposition as the management listener serves it, over HTTP. */
export async function scrape(management: RequestListener | undefined): Promise<string> {
  if (!management) throw new Error("the app has no management listener (MANAGEMENT_PORT unset)");
  const res = await supertest(management).get("/metrics").expect(200);
  return res.text;
}

/**
 * One sample's value: `name` with exactly these labels, or undefined when the exposition
 * has no such series.
 */
export function valueOf(
  exposition: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(",");
  for (const line of exposition.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? "")
      .split(/,(?=\w+=")/)
      .filter(Boolean)
      .sort()
      .join(",");
    if (have === wanted) return Number(match[3]);
  }
  return undefined;
}

/** What must never appear in a label: an account's or a client's data, or a secret. */
export const FORBIDDEN_IN_LABELS: Record<string, RegExp> = {
  email: /[\w.+-]+@[\w-]+\.[\w.-]+/,
  ipv4: /\b\d{1,3}(\.\d{1,3}){3}\b/,
  ipv6: /\b[0-9a-f]{0,4}:[0-9a-f]{0,4}:[0-9a-f:]*\b/i,
  uuid: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i,
  jwt: /eyJ[\w-]{8,}\.[\w-]{8,}/,
  "long opaque value": /[\w-]{32,}/,
};

/** Every label value of the exposition. */
export function labelValues(exposition: string): string[] {
  const values: string[] = [];
  for (const line of exposition.split("\n")) {
    if (line.startsWith("#")) continue;
    for (const match of line.matchAll(/\w+="((?:[^"\\]|\\.)*)"/g)) values.push(match[1]!);
  }
  return values;
}

/** The management listener's URL, from the line a server process logs once it listens. */
export async function managementUrlOf(api: { output(): string }): Promise<string> {
  let url: string | undefined;
  await waitFor(
    () => (url = /"managementUrl":"(http:\/\/[^"]+)"/.exec(api.output())?.[1]) !== undefined,
    { what: "the management listener's URL in the log" },
  );
  return url!;
}

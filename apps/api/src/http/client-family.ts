/**
 * A User-Agent reduced to a short family name from a fixed list ("Firefox on Linux", "curl",
 * "other"). The raw header is whatever the client chose to send, a password included; only
 * the names written here can reach a log line, so nothing a client types can.
 */
const BROWSERS: Array<[RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\bOPR\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/(?:Chrome|CriOS|Chromium)\//, "Chrome"],
  [/\bSafari\//, "Safari"],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/\bWindows\b/, "Windows"],
  [/\bAndroid\b/, "Android"],
  [/\b(?:iPhone|iPad|iPod)\b/, "iOS"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

const TOOLS: Array<[RegExp, string]> = [
  [/^curl\//, "curl"],
  [/^Wget\//, "Wget"],
  [/^(?:python-requests|Python-urllib|python-httpx|aiohttp)\b/i, "Python"],
  [/^(?:node|undici)\b/i, "Node.js"],
  [/^Go-http-client\//, "Go"],
  [/^okhttp\//, "OkHttp"],
  [/^PostmanRuntime\//, "Postman"],
  [/^autocannon\b/, "autocannon"],
];

/** Enough to find the family; the rest of a hostile 16 kB header is never scanned. */
const SCANNED_LENGTH = 512;

export function clientFamily(userAgent: string | undefined): string {
  if (!userAgent) return "(none)";
  const text = userAgent.slice(0, SCANNED_LENGTH);
  const tool = TOOLS.find(([pattern]) => pattern.test(text))?.[1];
  if (tool) return tool;
  const browser = BROWSERS.find(([pattern]) => pattern.test(text))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(text))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? "other";
}

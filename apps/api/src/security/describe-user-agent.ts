import { UAParser } from "ua-parser-js";

export interface DeviceDescription {
  browser: string | null;
  os: string | null;
}

/**
 * "Firefox 128" and "Linux" out of a user agent, for a human looking at their sessions.
 * ua-parser-js keeps up with the strings browsers send; we keep the major version only,
 * which is what a person recognises. Parsing is cheap but not free, so the list of a
 * user's sessions parses each string once per request, never on the hot path.
 */
export function describeUserAgent(userAgent: string | null): DeviceDescription {
  if (!userAgent) return { browser: null, os: null };
  const { browser, os } = new UAParser(userAgent).getResult();
  const major = browser.major ? ` ${browser.major}` : "";
  return {
    browser: browser.name ? `${browser.name}${major}` : null,
    os: os.name ? [os.name, os.version].filter(Boolean).join(" ") : null,
  };
}

/**
 * The token of a mailed link travels in the URL fragment (`#token=…`): browsers never send
 * a fragment to a server, so it reaches no access log and no `Referer`.
 */
export function linkTokenFrom(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  return token === null || token === "" ? null : token;
}

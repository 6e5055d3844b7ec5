/**
 * A page of another origin on the same host: its own little server on a free port,
 * reached as localhost like the app, so the browser counts it as same-site with the app
 * (SameSite cookies travel) but not same-origin. Closed by the caller.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ForeignPage {
  url: string;
  close: () => Promise<void>;
}

export async function serveForeignPage(html: string): Promise<ForeignPage> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The classic login-CSRF shape: a text/plain form (no preflight) that submits itself. */
export function autoSubmittingForm(action: string): string {
  return `<!doctype html><title>Win a prize</title>
<body onload="document.forms[0].submit()">
<form method="post" action="${action}" enctype="text/plain"><input name="x" value="1"></form>
</body>`;
}

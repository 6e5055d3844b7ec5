import net from "node:net";

export interface RawReply {
  status: number;
  /** Header lines as sent, lower-cased names. */
  headers: Array<[string, string]>;
  body: string;
}

/**
 * Writes `request` byte for byte to the target's socket and reads until it closes: for
 * what fetch refuses to send (two Authorization headers, oversized headers).
 */
export function rawRequest(baseUrl: string, request: string): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) || 80 });
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("raw request timed out")));
    // Write without half-closing: Node's server drops a request whose client has sent FIN
    // before the answer is ready. `Connection: close` makes the server close when done.
    socket.on("connect", () => socket.write(request));
    socket.on("data", (chunk) => chunks.push(chunk));
    // A server that refuses a request (431) may close while the rest is still being written:
    // what it answered before that is the reply.
    let failure: Error | undefined;
    socket.on("error", (err) => (failure = err));
    socket.on("close", () => {
      if (chunks.length === 0)
        return reject(failure ?? new Error("connection closed without a reply"));
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      const headers = lines.map((line): [string, string] => {
        const i = line.indexOf(":");
        return [line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()];
      });
      resolve({ status, headers, body: rest.join("\r\n\r\n") });
    });
  });
}

/** A minimal HTTP/1.1 request with the given extra header lines, closing the connection. */
export function httpRequest(
  baseUrl: string,
  method: string,
  path: string,
  headerLines: string[],
  body = "",
): string {
  const { host } = new URL(baseUrl);
  const lines = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${host}`,
    "Connection: close",
    ...headerLines,
  ];
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

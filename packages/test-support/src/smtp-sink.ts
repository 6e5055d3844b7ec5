import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  messageId: string | undefined;
  /** The message as sent, headers and all. */
  raw: string;
  /** The same with quoted-printable undone (soft breaks, =XX escapes), for reading links. */
  body: string;
  /** When it was received (`performance.now()`). */
  receivedAt: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Closes the listening socket: connections are refused, as with a server that is down. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

// Quoted-printable, as nodemailer writes long text lines: soft breaks and =XX escapes.
function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A real SMTP server (the smtp-server package) on a free loopback port, keeping what it
 * receives. No TLS and no auth: it stands for a local relay.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: /^Message-ID:\s*(\S+)/im.exec(raw)?.[1],
            raw,
            body: decodeQuotedPrintable(raw),
            receivedAt: performance.now(),
          });
          callback();
        });
      },
    });
  let server = create();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        const address = server.server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const port = await listen(0);
  let listening = true;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    async down() {
      if (!listening) return;
      listening = false;
      await stop();
    },
    async up() {
      if (listening) return;
      server = create();
      await listen(port);
      listening = true;
    },
    async close() {
      if (listening) await stop();
      listening = false;
    },
  };
}

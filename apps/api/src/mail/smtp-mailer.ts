import type { Transporter } from "nodemailer";
import type { Mailer, OutgoingMail } from "./mailer.js";

/**
 * Delivery by SMTP through nodemailer. The timeouts are short and well under the outbox's
 * claim lease: a send that hangs must fail and be retried by the loop, never outlive its
 * claim and let a second instance send the same message. nodemailer is loaded by the first
 * message, not at start-up.
 */
export function createSmtpMailer(smtpUrl: string): Mailer {
  let transport: Promise<Transporter> | undefined;
  let closed = false;
  const open = async (): Promise<Transporter> => {
    const { default: nodemailer } = await import("nodemailer");
    return nodemailer.createTransport({
      url: smtpUrl,
      // A few connections kept open: a burst of mail (a thousand reset requests) reuses them.
      pool: true,
      maxConnections: 3,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  };
  return {
    async send(mail: OutgoingMail) {
      const domain = mail.from.split("@").pop()?.replace(/>$/, "") || "localhost";
      if (closed) throw new Error("the mailer is closed");
      transport ??= open().catch((err: unknown) => {
        transport = undefined;
        throw err;
      });
      await (
        await transport
      ).sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.id}@${domain}>`,
      });
    },
    close() {
      closed = true;
      void transport?.then((t) => t.close()).catch(() => undefined);
    },
  };
}

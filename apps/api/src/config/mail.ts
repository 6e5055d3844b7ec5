import { z } from "zod";
import { isLoopbackHost, type Mode, type ServerEnv } from "./server.js";
import { ConfigError, duration, onOff } from "./values.js";

/** How mail leaves (or stays in the dev mailbox), and how long its links work. */
export const mailEnv = z.object({
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().optional(),
  DEV_MAILBOX: onOff.optional(),
  EMAIL_VERIFICATION_TTL: duration("24h").default(24 * 3600),
  PASSWORD_RESET_TTL: duration("30m").default(30 * 60),
});
export type MailEnv = z.infer<typeof mailEnv>;

export interface MailConfig {
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Undelivered mail stays readable at /dev/mailbox. */
  devMailbox: boolean;
  emailVerificationTtlSeconds: number;
  passwordResetTtlSeconds: number;
}

/** Whether the dev mailbox is on, refusing a production server that would lose or leak mail. */
export function devMailboxOf(e: MailEnv & Pick<ServerEnv, "HOST">, mode: Mode): boolean {
  const devMailbox = (e.DEV_MAILBOX ?? (mode.production ? "off" : "on")) === "on";
  if (mode.production && !e.SMTP_URL && !devMailbox) {
    throw new ConfigError(
      `SMTP_URL is required when ${mode.nodeEnv} (smtp:// or smtps:// URL of the mail server)`,
    );
  }
  // The dev mailbox hands every mailed link (password resets included) to anyone who asks:
  // in production it is taken only on a server nobody else can reach.
  if (mode.production && devMailbox && !isLoopbackHost(e.HOST)) {
    throw new ConfigError(
      `DEV_MAILBOX=on serves every mailed link to anyone, so ${mode.nodeEnv} allows it only when HOST is a loopback address (127.0.0.1, ::1, localhost), not ${e.HOST}`,
    );
  }
  return devMailbox;
}

export function mailConfig(e: MailEnv, appUrl: string, devMailbox: boolean): MailConfig {
  return {
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `no-reply@${new URL(appUrl).hostname}`,
    devMailbox,
    emailVerificationTtlSeconds: e.EMAIL_VERIFICATION_TTL,
    passwordResetTtlSeconds: e.PASSWORD_RESET_TTL,
  };
}

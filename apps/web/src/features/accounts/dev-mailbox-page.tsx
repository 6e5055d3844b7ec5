import { pageTitle } from "@jwt-auth/shared";
import type { MailboxMessage } from "@jwt-auth/shared";
import { useCallback, useEffect, useState } from "react";
import { describeFailure } from "../../lib/problem-message";
import { fetchMailbox } from "./accounts-api";
import { LinkifiedText } from "./linkified-text";

type Load =
  | { status: "loading" }
  | { status: "ready"; messages: MailboxMessage[] }
  | { status: "failed"; message: string };

const sentAt = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });

/**
 * The development mailbox: the outbox as an inbox, so the mailed links work on a machine
 * with no mail server. The API answers 404 outside development, and so does this page.
 */
export function DevMailboxPage() {
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [openId, setOpenId] = useState<string | null>(null);

  const reload = useCallback((signal?: AbortSignal) => {
    fetchMailbox(signal).then(
      ({ messages }) => setLoad({ status: "ready", messages }),
      (error: unknown) => {
        if (signal?.aborted) return;
        setLoad({
          status: "failed",
          message:
            describeFailure(error, { not_found: "The development mailbox is off." }).message ??
            "The mailbox could not be loaded.",
        });
      },
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    reload(controller.signal);
    return () => controller.abort();
  }, [reload]);

  const open = load.status === "ready" ? load.messages.find((m) => m.id === openId) : undefined;

  return (
    <div className="card card-wide" aria-busy={load.status === "loading"}>
      <title>{pageTitle("Development mailbox")}</title>
      <h1>Development mailbox</h1>
      <p className="hint">
        Mail the app would send, kept here because no SMTP server is configured.
      </p>
      <button type="button" className="button button-secondary" onClick={() => reload()}>
        Refresh
      </button>
      {load.status === "failed" && (
        <div role="alert" className="alert alert-error">
          <p>{load.message}</p>
        </div>
      )}
      {load.status === "ready" && load.messages.length === 0 && <p>No messages yet.</p>}
      {load.status === "ready" && load.messages.length > 0 && (
        <ul className="mailbox" aria-label="Messages">
          {load.messages.map((message) => (
            <li key={message.id}>
              <button
                type="button"
                className="mailbox-item"
                aria-pressed={message.id === openId}
                onClick={() => setOpenId(message.id)}
              >
                <span className="mailbox-subject">{message.subject}</span>
                <span className="muted">
                  {message.to} · {sentAt.format(new Date(message.sentAt))}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <article className="mail" aria-labelledby="mail-subject">
          <h2 id="mail-subject">{open.subject}</h2>
          <p className="muted">To: {open.to}</p>
          <LinkifiedText text={open.text} />
        </article>
      )}
    </div>
  );
}

import type { ProblemDetails } from "@jwt-auth/shared";
import type { ProxyOptions } from "vite";

/** The API is starting, or restarting after a change: nothing listens on its port yet. */
export function isApiNotUp(err: unknown): boolean {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return code === "ECONNREFUSED" || code === "ECONNRESET";
}

const body = JSON.stringify({
  type: "urn:jwt-auth:problem:service-unavailable",
  title: "The service is temporarily unavailable",
  status: 503,
  code: "service_unavailable",
  detail: "The API is starting; try again in a moment",
} satisfies ProblemDetails);

/**
 * Answers what the API would answer if its database were down, a 503 problem the SPA
 * already knows how to show, instead of Vite's bare 502 and a stack trace per request.
 * Runs before Vite's own error listener, which then finds the answer sent.
 */
export const answerWhileApiStarts: NonNullable<ProxyOptions["configure"]> = (proxy) => {
  proxy.on("error", (err, _req, res) => {
    if (!isApiNotUp(err) || !("req" in res) || res.headersSent) return;
    res
      .writeHead(503, {
        "Content-Type": "application/problem+json",
        "Cache-Control": "no-store",
        "Retry-After": "1",
      })
      .end(body);
  });
};

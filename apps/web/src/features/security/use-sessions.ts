import type { SessionSummary } from "@jwt-auth/shared";
import { useCallback, useEffect, useState } from "react";
import { describeFailure } from "../../lib/problem-message";
import { fetchSessions } from "./security-api";

export type SessionsState =
  | { status: "loading" }
  | { status: "ready"; sessions: SessionSummary[] }
  | { status: "failed"; message: string };

/** The live sessions, loaded on mount and again after each change the user makes. */
export function useSessions() {
  const [state, setState] = useState<SessionsState>({ status: "loading" });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchSessions(controller.signal).then(
      ({ sessions }) => setState({ status: "ready", sessions }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = describeFailure(error).message ?? "We could not load your sessions.";
        setState({ status: "failed", message });
      },
    );
    return () => controller.abort();
  }, [version]);

  return { state, reload: useCallback(() => setVersion((previous) => previous + 1), []) };
}

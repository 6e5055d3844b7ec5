import type { MfaStatus } from "@jwt-auth/shared";
import { useCallback, useEffect, useState } from "react";
import { describeFailure } from "../../lib/problem-message";
import { fetchMfaStatus } from "./mfa-api";

export type MfaStatusState =
  | { status: "loading" }
  | { status: "ready"; mfa: MfaStatus }
  | { status: "failed"; message: string };

/** GET /api/user/mfa, reloaded after every change the sections make. */
export function useMfaStatus() {
  const [state, setState] = useState<MfaStatusState>({ status: "loading" });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchMfaStatus(controller.signal).then(
      (mfa) => setState({ status: "ready", mfa }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = describeFailure(error).message ?? "We could not load your settings.";
        setState({ status: "failed", message });
      },
    );
    return () => controller.abort();
  }, [version]);

  return { state, reload: useCallback(() => setVersion((v) => v + 1), []) };
}

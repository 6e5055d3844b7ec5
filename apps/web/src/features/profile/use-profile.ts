import type { UserProfile } from "@jwt-auth/shared";
import { useEffect, useState } from "react";
import { describeFailure } from "../../lib/problem-message";
import { fetchProfile } from "./profile-api";

export type ProfileState =
  | { status: "loading" }
  | { status: "ready"; profile: UserProfile }
  | { status: "failed"; message: string };

/** Loads the profile once per mount; a 401 is the interceptor's business, not this hook's. */
export function useProfile() {
  const [state, setState] = useState<ProfileState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchProfile(controller.signal).then(
      (profile) => setState({ status: "ready", profile }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = describeFailure(error).message ?? "We could not load your profile.";
        setState({ status: "failed", message });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  return {
    state,
    retry: () => {
      setState({ status: "loading" });
      setAttempt((previous) => previous + 1);
    },
    setProfile: (profile: UserProfile) => setState({ status: "ready", profile }),
  };
}

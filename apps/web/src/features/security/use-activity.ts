import type { ActivityEvent } from "@jwt-auth/shared";
import { useEffect, useState } from "react";
import { describeFailure } from "../../lib/problem-message";
import { fetchActivity } from "./security-api";

interface ActivityState {
  events: ActivityEvent[];
  next: string | null;
  loading: boolean;
  error: string | null;
}

/** Which page to load: the first (again) or the one after a cursor. */
interface PageRequest {
  before: string | undefined;
  attempt: number;
}

/** The activity log, newest first, one page at a time (cursor paging). */
export function useActivity() {
  const [state, setState] = useState<ActivityState>({
    events: [],
    next: null,
    loading: true,
    error: null,
  });
  const [request, setRequest] = useState<PageRequest>({ before: undefined, attempt: 0 });

  useEffect(() => {
    const controller = new AbortController();
    fetchActivity(request.before, controller.signal).then(
      (page) =>
        setState((previous) => ({
          events: request.before ? [...previous.events, ...page.events] : page.events,
          next: page.next,
          loading: false,
          error: null,
        })),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = describeFailure(error).message ?? "We could not load your activity.";
        setState((previous) => ({ ...previous, loading: false, error: message }));
      },
    );
    return () => controller.abort();
  }, [request]);

  function load(before: string | undefined) {
    setState((previous) => ({ ...previous, loading: true, error: null }));
    setRequest((previous) => ({ before, attempt: previous.attempt + 1 }));
  }

  return {
    ...state,
    reload: () => load(undefined),
    loadMore: () => {
      if (state.next) load(state.next);
    },
  };
}

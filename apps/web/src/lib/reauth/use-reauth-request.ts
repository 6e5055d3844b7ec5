import { useSyncExternalStore } from "react";
import { currentReauthRequest, subscribeReauth, type ReauthRequest } from "./reauth-prompt";

/** The open re-authentication request, if any, as React state. */
export function useReauthRequest(): ReauthRequest | null {
  return useSyncExternalStore(subscribeReauth, currentReauthRequest, () => null);
}

import {
  apiPaths,
  type AccountExport,
  type ActivityPage,
  type SessionList,
} from "@jwt-auth/shared";
import { apiClient } from "../../lib/api-client";

export async function fetchSessions(signal?: AbortSignal): Promise<SessionList> {
  const { data } = await apiClient.get<SessionList>(apiPaths.sessions, { signal });
  return data;
}

export async function revokeSession(id: string): Promise<void> {
  await apiClient.delete(apiPaths.session.replace("{id}", encodeURIComponent(id)));
}

export async function revokeOtherSessions(): Promise<void> {
  await apiClient.post(apiPaths.revokeOtherSessions);
}

export async function fetchActivity(before?: string, signal?: AbortSignal): Promise<ActivityPage> {
  const { data } = await apiClient.get<ActivityPage>(apiPaths.activity, {
    params: before ? { before } : {},
    signal,
  });
  return data;
}

/** Fresh route: the interceptor asks for the password first when the sign-in is too old. */
export async function fetchExport(): Promise<AccountExport> {
  const { data } = await apiClient.get<AccountExport>(apiPaths.exportData);
  return data;
}

/** Fresh route, like the export. */
export async function deleteAccount(): Promise<void> {
  await apiClient.delete(apiPaths.account);
}

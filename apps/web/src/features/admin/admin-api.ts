import {
  apiPaths,
  pathTo,
  type AdminUser,
  type AdminUserDetail,
  type AdminUserList,
  type AuditPage,
  type LockRequest,
} from "@jwt-auth/shared";
import { apiClient } from "../../lib/api-client";

const userPath = (path: string, id: string) => pathTo(path, { id });

export async function fetchUsers(
  query: string,
  before: string | undefined,
  signal?: AbortSignal,
): Promise<AdminUserList> {
  const params: Record<string, string> = {};
  if (query) params.query = query;
  if (before) params.before = before;
  const { data } = await apiClient.get<AdminUserList>(apiPaths.adminUsers, { params, signal });
  return data;
}

export async function fetchUser(id: string, signal?: AbortSignal): Promise<AdminUserDetail> {
  const { data } = await apiClient.get<AdminUserDetail>(userPath(apiPaths.adminUser, id), {
    signal,
  });
  return data;
}

export async function fetchAudit(
  before: string | undefined,
  signal?: AbortSignal,
): Promise<AuditPage> {
  const { data } = await apiClient.get<AuditPage>(apiPaths.adminAudit, {
    params: before ? { before } : {},
    signal,
  });
  return data;
}

// The changes are fresh routes: the interceptor asks the administrator to confirm it's them
// (the re-authentication dialog) when their sign-in is too old, then retries.

export async function lockUser(id: string, body: LockRequest): Promise<void> {
  await apiClient.post(userPath(apiPaths.adminLock, id), body);
}

export async function unlockUser(id: string): Promise<void> {
  await apiClient.post(userPath(apiPaths.adminUnlock, id));
}

export async function signOutEverywhere(id: string): Promise<void> {
  await apiClient.post(userPath(apiPaths.adminRevokeSessions, id));
}

export async function resetTwoFactor(id: string): Promise<void> {
  await apiClient.delete(userPath(apiPaths.adminMfa, id));
}

export async function sendPasswordReset(id: string): Promise<void> {
  await apiClient.post(userPath(apiPaths.adminPasswordReset, id));
}

export async function setRoles(id: string, roles: string[]): Promise<AdminUser> {
  const { data } = await apiClient.put<AdminUser>(userPath(apiPaths.adminRoles, id), { roles });
  return data;
}

export async function deleteUser(id: string): Promise<void> {
  await apiClient.delete(userPath(apiPaths.adminUser, id));
}

import {
  apiPaths,
  type PasswordUpdateRequest,
  type UpdateProfileRequest,
  type UserProfile,
} from "@jwt-auth/shared";
import { apiClient } from "../../lib/api-client";

export async function fetchProfile(signal?: AbortSignal): Promise<UserProfile> {
  const { data } = await apiClient.get<UserProfile>(apiPaths.profile, { signal });
  return data;
}

export async function updateProfile(changes: UpdateProfileRequest): Promise<UserProfile> {
  const { data } = await apiClient.patch<UserProfile>(apiPaths.profile, changes);
  return data;
}

/**
 * 204 and nothing new: the server keeps this session and revokes every other one. Without
 * `currentPassword`, a provider-created account sets its first password.
 */
export async function changePassword(passwords: PasswordUpdateRequest): Promise<void> {
  await apiClient.post(apiPaths.password, passwords);
}

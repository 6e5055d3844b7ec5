import {
  apiPaths,
  type ChangeEmailRequest,
  type DevMailboxResponse,
  type ForgotPasswordRequest,
  type ResetPasswordRequest,
  type UserProfile,
} from "@jwt-auth/shared";
import { apiClient } from "../../lib/api-client";

export async function requestPasswordReset(request: ForgotPasswordRequest): Promise<void> {
  await apiClient.post(apiPaths.passwordForgot, request);
}

export async function resetPassword(request: ResetPasswordRequest): Promise<void> {
  await apiClient.post(apiPaths.passwordReset, request);
}

export async function verifyEmail(token: string): Promise<UserProfile> {
  const { data } = await apiClient.post<UserProfile>(apiPaths.verifyEmail, { token });
  return data;
}

export async function resendVerification(): Promise<void> {
  await apiClient.post(apiPaths.verifyEmailResend);
}

export async function requestEmailChange(request: ChangeEmailRequest): Promise<void> {
  await apiClient.post(apiPaths.changeEmail, request);
}

export async function confirmEmailChange(token: string): Promise<UserProfile> {
  const { data } = await apiClient.post<UserProfile>(apiPaths.emailConfirm, { token });
  return data;
}

/** "This wasn't me": ends the pending email change and every session of the account. */
export async function cancelEmailChange(token: string): Promise<void> {
  await apiClient.post(apiPaths.emailCancel, { token });
}

export async function fetchMailbox(signal?: AbortSignal): Promise<DevMailboxResponse> {
  const { data } = await apiClient.get<DevMailboxResponse>(apiPaths.devMailbox, { signal });
  return data;
}

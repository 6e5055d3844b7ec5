import {
  apiPaths,
  type BackupCodesResponse,
  type MfaStatus,
  type PasskeyList,
  type PasskeySummary,
  type TotpSetupResponse,
} from "@jwt-auth/shared";
import { apiClient } from "../../lib/api-client";

export async function fetchMfaStatus(signal?: AbortSignal): Promise<MfaStatus> {
  const { data } = await apiClient.get<MfaStatus>(apiPaths.mfa, { signal });
  return data;
}

export async function startTotpSetup(): Promise<TotpSetupResponse> {
  const { data } = await apiClient.post<TotpSetupResponse>(apiPaths.totpSetup);
  return data;
}

export async function enableTotp(code: string): Promise<string[]> {
  const { data } = await apiClient.post<BackupCodesResponse>(apiPaths.totpEnable, { code });
  return data.backupCodes;
}

export async function disableTotp(): Promise<void> {
  await apiClient.delete(apiPaths.totp);
}

export async function regenerateBackupCodes(): Promise<string[]> {
  const { data } = await apiClient.post<BackupCodesResponse>(apiPaths.backupCodes);
  return data.backupCodes;
}

export async function fetchPasskeys(): Promise<PasskeySummary[]> {
  const { data } = await apiClient.get<PasskeyList>(apiPaths.passkeys);
  return data.passkeys;
}

export async function removePasskey(id: string): Promise<void> {
  await apiClient.delete(apiPaths.passkey.replace("{id}", encodeURIComponent(id)));
}

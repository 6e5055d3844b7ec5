import {
  apiPaths,
  ProblemDetails,
  type AuthResponse,
  type ChangeEmailRequest,
} from "@jwt-auth/shared";
import { isAxiosError } from "axios";
import { apiClient } from "../../lib/api-client";
import { setToken } from "../../lib/token-storage";
import { requestEmailChange } from "./accounts-api";

function needsReauthentication(error: unknown): boolean {
  if (!isAxiosError(error) || error.response?.status !== 401) return false;
  const problem = ProblemDetails.safeParse(error.response.data);
  return problem.success && problem.data.code === "reauthentication_required";
}

/**
 * Changing the email needs a recent login. When the last one is too old, the password
 * renews it (a new access token of this session) and the request is sent again.
 */
export async function changeEmailFreshly(
  request: ChangeEmailRequest,
  password: string,
): Promise<void> {
  try {
    await requestEmailChange(request);
    return;
  } catch (error) {
    if (!needsReauthentication(error) || password === "") throw error;
  }
  const { data } = await apiClient.post<AuthResponse>(apiPaths.reauthenticate, { password });
  setToken(data.accessToken);
  await requestEmailChange(request);
}

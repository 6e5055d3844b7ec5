/** Every way a session starts or ends. Each one leaves token storage in its new state. */
import {
  apiPaths,
  type AuthResponse,
  type LoginRequest,
  type LoginResponse,
  type MfaLoginRequest,
  type RegisterRequest,
  type UserProfile,
} from "@jwt-auth/shared";
import { apiClient } from "./api-client";
import {
  forgetSignOutNotice,
  LOGGED_OUT,
  LOGGED_OUT_EVERYWHERE,
  showSignOutNotice,
} from "./sign-out-notice";
import { clearToken, setToken } from "./token-storage";

/** A session, or (TOTP on) the `mfaToken` of a login waiting for its second factor. */
export async function logIn(credentials: LoginRequest): Promise<LoginResponse> {
  const { data } = await apiClient.post<LoginResponse>(apiPaths.login, credentials);
  forgetSignOutNotice();
  if ("accessToken" in data) setToken(data.accessToken);
  return data;
}

export async function completeMfaLogin(request: MfaLoginRequest): Promise<UserProfile> {
  const { data } = await apiClient.post<AuthResponse>(apiPaths.loginMfa, request);
  forgetSignOutNotice();
  setToken(data.accessToken);
  return data.user;
}

export async function register(account: RegisterRequest): Promise<UserProfile> {
  const { data } = await apiClient.post<AuthResponse>(apiPaths.register, account);
  forgetSignOutNotice();
  setToken(data.accessToken);
  return data.user;
}

/**
 * Revokes this browser's refresh-token family and forgets the access token. The local
 * session ends even when the request fails (offline, already logged out): a user who
 * pressed "Log out" must never stay logged in. The request is awaited first, so its
 * cookie-clearing answer cannot land after a new login and wipe the new cookie.
 */
export async function logOut(): Promise<void> {
  try {
    await apiClient.post(apiPaths.logout, undefined, { timeout: 5_000 });
  } catch {
    // Nothing to do: see above.
  } finally {
    showSignOutNotice(LOGGED_OUT);
    clearToken();
  }
}

/**
 * Revokes every session of the user. Unlike `logOut`, a failure is thrown to the caller:
 * the user has to know their other devices may still be signed in.
 */
export async function logOutEverywhere(): Promise<void> {
  await apiClient.post(apiPaths.logoutAll);
  showSignOutNotice(LOGGED_OUT_EVERYWHERE);
  clearToken();
}

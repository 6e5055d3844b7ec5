/**
 * What the re-authentication dialog offers: what the account has, the way its login asks
 * for it. With TOTP on, a code or a passkey (never the password alone: the API answers
 * `mfa_required`); a passkey whenever the account has one; the password when the account
 * has one; an account that signs in only through a provider steps up through it.
 */
import {
  apiPaths,
  type IdentitiesResponse,
  type MfaStatus,
  type ProviderSummary,
  type ProvidersResponse,
  type UserProfile,
} from "@jwt-auth/shared";
import { apiClient } from "../api-client";
import type { TokenClaims } from "../jwt-claims";

export interface StepUpMethods {
  password: boolean;
  code: boolean;
  passkey: boolean;
  /** The account's linked providers that are still configured here. */
  providers: ProviderSummary[];
}

/**
 * Whether the account has a password, from the session alone: a password login says so,
 * and only a session that came in through a provider and nothing else (`["fed"]`) says
 * it may have none. The profile's `hasPassword`, when the API sends it, settles it.
 */
function sessionHasPassword(amr: string[] | undefined): boolean {
  if (amr === undefined) return true;
  return amr.includes("pwd") || !(amr.length === 1 && amr[0] === "fed");
}

/** The first guess, from the access token's claims, while the account's factors load. */
export function guessStepUpMethods(claims: TokenClaims | null): StepUpMethods {
  const code = claims?.amr?.includes("otp") === true;
  return {
    password: !code && sessionHasPassword(claims?.amr),
    code,
    passkey: false,
    providers: [],
  };
}

const settled = <T>(promise: Promise<{ data: T }>) =>
  promise.then(
    ({ data }) => (typeof data === "object" && data !== null ? data : null),
    () => null,
  );

/** What the account has, asked of the API; what cannot be loaded is left out. */
export async function loadStepUpMethods(claims: TokenClaims | null): Promise<StepUpMethods> {
  const [mfa, profile, identities, configured] = await Promise.all([
    settled(apiClient.get<MfaStatus>(apiPaths.mfa)),
    settled(apiClient.get<UserProfile & { hasPassword?: unknown }>(apiPaths.profile)),
    settled(apiClient.get<IdentitiesResponse>(apiPaths.identities)),
    settled(apiClient.get<ProvidersResponse>(apiPaths.providers)),
  ]);
  const totp = mfa?.totpEnabled === true;
  const hasPassword =
    typeof profile?.hasPassword === "boolean"
      ? profile.hasPassword || claims?.amr?.includes("pwd") === true
      : sessionHasPassword(claims?.amr);
  const linked = new Set((identities?.identities ?? []).map((identity) => identity.provider));
  const providers = (configured?.providers ?? []).filter((provider) => linked.has(provider.id));
  const methods: StepUpMethods = {
    password: hasPassword && !totp,
    code: totp,
    passkey: Array.isArray(mfa?.passkeys) && mfa.passkeys.length > 0,
    // A provider's word is not enough with TOTP on; with a password, the password is asked.
    providers: totp || hasPassword ? [] : providers,
  };
  // Nothing known (the calls failed): the password, and the API says what it wants instead.
  const none = !methods.code && !methods.passkey && methods.providers.length === 0;
  return none ? { ...methods, password: true } : methods;
}

import {
  oidcPaths,
  type IdentitiesResponse,
  type LinkIdentityResponse,
  type LinkedIdentity,
} from "@jwt-auth/shared";
import { apiClient } from "../../lib/api-client";

export async function fetchIdentities(): Promise<LinkedIdentity[]> {
  const { data } = await apiClient.get<IdentitiesResponse>(oidcPaths.identities);
  return data.identities;
}

/** Asks to link `provider`; the answer is where to send the browser (through the provider). */
export async function startLink(provider: string): Promise<string> {
  const { data } = await apiClient.post<LinkIdentityResponse>(
    oidcPaths.identity.replace("{id}", encodeURIComponent(provider)),
  );
  return data.url;
}

export async function unlinkIdentity(id: string): Promise<void> {
  await apiClient.delete(oidcPaths.identity.replace("{id}", encodeURIComponent(id)));
}

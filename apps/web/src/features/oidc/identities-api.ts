import {
  apiPaths,
  type IdentitiesResponse,
  type LinkIdentityResponse,
  type LinkedIdentity,
  pathTo,
} from "@jwt-auth/shared";
import { apiClient } from "../../lib/api-client";

export async function fetchIdentities(): Promise<LinkedIdentity[]> {
  const { data } = await apiClient.get<IdentitiesResponse>(apiPaths.identities);
  return data.identities;
}

/** Asks to link `provider`; the answer is where to send the browser (through the provider). */
export async function startLink(provider: string): Promise<string> {
  const { data } = await apiClient.post<LinkIdentityResponse>(
    pathTo(apiPaths.identity, { id: provider }),
  );
  return data.url;
}

export async function unlinkIdentity(id: string): Promise<void> {
  await apiClient.delete(pathTo(apiPaths.identity, { id }));
}

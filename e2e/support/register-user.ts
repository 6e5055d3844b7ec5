import { randomUUID } from "node:crypto";
import { apiPaths, type AuthResponse } from "@jwt-auth/shared";
import { expect, type APIRequestContext } from "@playwright/test";

export interface Credentials {
  email: string;
  password: string;
}

export interface RegisteredUser extends Credentials {
  name: string;
  /** The access token the registration returned; the browser has not seen it. */
  accessToken: string;
}

/** Unique per call, so tests never share an account and can run in any order, in parallel. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID()}@example.com`;
}

/**
 * Creates an account through the API, faster than the form and the same for the server.
 * The refresh cookie lands in `request`'s own cookie jar, never in a browser context.
 */
export async function registerUser(
  request: APIRequestContext,
  user: Partial<Omit<RegisteredUser, "accessToken">> = {},
): Promise<RegisteredUser> {
  const account = {
    name: user.name ?? "Grace Hopper",
    email: user.email ?? uniqueEmail(),
    password: user.password ?? "correct horse battery staple",
  };
  const response = await request.post(apiPaths.register, { data: account });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as AuthResponse;
  return { ...account, accessToken: body.accessToken };
}

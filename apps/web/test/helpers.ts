/**
 * Test doubles for the HTTP layer: an axios adapter that answers from a handler, the way
 * the real API would (problem+json errors, AxiosError for non-2xx), and unsigned JWTs whose
 * claims the client reads. These are client unit tests: what the server does with a
 * token is tested against the real API, never here.
 */
import type { AuthResponse, ErrorCode, SessionEndReason, UserProfile } from "@jwt-auth/shared";
import {
  AxiosError,
  AxiosHeaders,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from "axios";

export interface StubReply {
  status: number;
  data?: unknown;
  headers?: Record<string, string>;
}

export interface RecordedCall {
  route: string;
  authorization: string | null;
  body: unknown;
}

export type Handler = (
  route: string,
  config: InternalAxiosRequestConfig,
) => StubReply | Promise<StubReply>;

export function stubAdapter(handler: Handler): AxiosAdapter & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const adapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const route = `${(config.method ?? "get").toUpperCase()} ${config.url ?? ""}`;
    const authorization = config.headers.get("Authorization");
    calls.push({
      route,
      authorization: typeof authorization === "string" ? authorization : null,
      body: typeof config.data === "string" ? JSON.parse(config.data) : undefined,
    });
    const reply = await handler(route, config);
    const response: AxiosResponse = {
      data: reply.data ?? "",
      status: reply.status,
      statusText: String(reply.status),
      headers: new AxiosHeaders(reply.headers ?? {}),
      config,
      request: {},
    };
    if (reply.status >= 200 && reply.status < 300) return response;
    throw new AxiosError(
      `Request failed with status code ${reply.status}`,
      reply.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
      config,
      {},
      response,
    );
  };
  return Object.assign(adapter, { calls });
}

export function problem(
  status: number,
  code: ErrorCode,
  extra: {
    errors?: Record<string, string[]>;
    headers?: Record<string, string>;
    reason?: SessionEndReason;
  } = {},
): StubReply {
  return {
    status,
    data: {
      type: "about:blank",
      title: code,
      status,
      code,
      ...(extra.errors ? { errors: extra.errors } : {}),
      ...(extra.reason ? { reason: extra.reason } : {}),
    },
    headers: { "content-type": "application/problem+json", ...extra.headers },
  };
}

function base64Url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** An unsigned token with the given claims; `iat` defaults to now and `exp` to 15 minutes later. */
export function makeJwt(
  claims: {
    sub?: string;
    iat?: number;
    exp?: number;
    name?: string;
    email_verified?: boolean;
    amr?: string[];
  } = {},
): string {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const payload = { sub: "user-1", exp: iat + 900, ...claims, iat };
  return `${base64Url({ alg: "HS256", typ: "JWT" })}.${base64Url(payload)}.signature`;
}

export const ada: UserProfile = {
  id: "user-1",
  email: "ada@example.com",
  name: "Ada Lovelace",
  emailVerified: true,
  hasPassword: true,
  createdAt: "2024-03-05T10:00:00.000Z",
};

export function authResponse(accessToken: string, user: UserProfile = ada): AuthResponse {
  return { accessToken, tokenType: "Bearer", expiresIn: 900, user };
}

/** A promise with its resolve function, to hold a fake response until the test releases it. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

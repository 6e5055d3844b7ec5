import { randomInt, randomUUID } from "node:crypto";
import { apiPaths, REFRESH_COOKIE_NAME } from "@jwt-auth/shared";
import type { Target } from "./target.js";

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON (problem+json included), otherwise undefined. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
  /** The refresh token this reply set, if it set one. */
  refreshToken: string | undefined;
  /** Milliseconds from sending the request to having read the whole body. */
  ms: number;
}

export interface RequestOptions {
  json?: unknown;
  /** A raw body, sent as is (with `contentType` if given). */
  body?: string;
  contentType?: string;
  bearer?: string;
  refreshToken?: string;
  headers?: Record<string, string>;
}

export interface Account {
  id: string;
  email: string;
  password: string;
  name: string;
  accessToken: string;
  refreshToken: string;
}

/** An address from 198.18.0.0/15, the range set aside for benchmarks and tests (RFC 2544). */
export function randomClientAddress(): string {
  return `198.${18 + randomInt(2)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export function uniqueEmail(prefix = "attack"): string {
  return `${prefix}-${randomUUID().slice(0, 12)}@example.com`;
}

/**
 * One simulated client machine: its requests carry its own address in X-Forwarded-For
 * (the target trusts only its loopback proxy, i.e. this suite), so budgets spent by one
 * test never starve another. Plain fetch, no cookie jar: every cookie is explicit.
 */
export class Client {
  readonly address: string;

  constructor(
    readonly target: Target,
    address = randomClientAddress(),
  ) {
    this.address = address;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { "X-Forwarded-For": this.address };
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers["Content-Type"] = "application/json";
    } else if (options.body !== undefined) {
      body = options.body;
      if (options.contentType) headers["Content-Type"] = options.contentType;
    }
    if (options.bearer !== undefined) headers.Authorization = `Bearer ${options.bearer}`;
    if (options.refreshToken !== undefined)
      headers.Cookie = `${REFRESH_COOKIE_NAME}=${options.refreshToken}`;
    Object.assign(headers, options.headers);

    const started = performance.now();
    const res = await fetch(`${this.target.url}${path}`, {
      method,
      headers,
      body,
      redirect: "manual",
    });
    const text = await res.text();
    const ms = performance.now() - started;
    return {
      status: res.status,
      headers: res.headers,
      text,
      body: parseJson(res, text),
      refreshToken: refreshTokenOf(res.headers),
      ms,
    };
  }

  get(path: string, options?: RequestOptions) {
    return this.request("GET", path, options);
  }

  post(path: string, options?: RequestOptions) {
    return this.request("POST", path, options);
  }

  /** Registers a fresh account and returns everything a test needs to act as its owner. */
  async register(
    fields: Partial<{ email: string; password: string; name: string }> = {},
  ): Promise<Account> {
    const input = {
      email: uniqueEmail(),
      password: `pw-${randomUUID()}`,
      name: "Ada Lovelace",
      ...fields,
    };
    const reply = await this.post(apiPaths.register, { json: input });
    if (reply.status !== 201) throw new Error(`register answered ${reply.status}: ${reply.text}`);
    return {
      id: reply.body.user.id,
      email: reply.body.user.email,
      password: input.password,
      name: reply.body.user.name,
      accessToken: reply.body.accessToken,
      refreshToken: reply.refreshToken!,
    };
  }

  login(email: string, password: string, options: RequestOptions = {}) {
    return this.post(apiPaths.login, { ...options, json: { email, password } });
  }

  profile(accessToken: string) {
    return this.get(apiPaths.profile, { bearer: accessToken });
  }

  refresh(refreshToken: string) {
    return this.post(apiPaths.refresh, { refreshToken });
  }
}

function parseJson(res: Response, text: string): unknown {
  if (!/json/i.test(res.headers.get("content-type") ?? "") || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function refreshTokenOf(headers: Headers): string | undefined {
  for (const cookie of headers.getSetCookie()) {
    const match = new RegExp(`^${REFRESH_COOKIE_NAME}=([^;]*)`).exec(cookie);
    if (match?.[1]) return decodeURIComponent(match[1]);
  }
  return undefined;
}

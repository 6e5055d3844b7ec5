/**
 * The one HTTP client of the app. Same origin (base URL ''): in production the API serves
 * this build, in development Vite proxies /api, so the refresh cookie needs no CORS.
 */
import type { ErrorCode } from "@jwt-auth/shared";
import axios, { type AxiosAdapter, type AxiosInstance } from "axios";
import { installAuthInterceptors } from "./auth-interceptors";

export interface ApiClient {
  http: AxiosInstance;
  /** Single-flight refresh of the access token, shared by the interceptor and the scheduler. */
  refreshSession: (trigger?: ErrorCode) => Promise<string>;
}

/** Exported for tests, which give each client its own fake adapter; the app uses `apiClient`. */
export function createApiClient(options: { adapter?: AxiosAdapter } = {}): ApiClient {
  const http = axios.create({
    baseURL: "",
    headers: { Accept: "application/json" },
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  const { refreshSession } = installAuthInterceptors(http);
  return { http, refreshSession };
}

const client = createApiClient();

export const apiClient = client.http;
export const refreshSession = client.refreshSession;

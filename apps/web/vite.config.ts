// The dev server proxies the API so the browser talks to one origin, exactly as it does in
// production, where the API process serves this build: the refresh cookie (Path=/api/auth,
// SameSite=Strict) then travels without any CORS set-up.
import react from "@vitejs/plugin-react";
import { createLogger, defineConfig, type ProxyOptions } from "vite";
import { answerWhileApiStarts, isApiNotUp } from "./dev/api-not-up.ts";

// `npm run dev` passes the API's PORT to both dev servers; API_URL points elsewhere.
const apiTarget = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT || 3000}`;
const proxy: Record<string, ProxyOptions> = {
  "/api": { target: apiTarget, configure: answerWhileApiStarts },
  "/.well-known": { target: apiTarget, configure: answerWhileApiStarts },
};

// Vite logs every proxy error with its stack; while the API is still starting (or
// restarting after a change) that is noise: those requests already got a quiet 503.
const logger = createLogger();
const logError = logger.error.bind(logger);
logger.error = (message, options) => {
  if (!isApiNotUp(options?.error)) logError(message, options);
};

export default defineConfig({
  plugins: [react()],
  customLogger: logger,
  server: { proxy, ...(process.env.WEB_PORT ? { port: Number(process.env.WEB_PORT) } : {}) },
  preview: { proxy },
  build: {
    outDir: "dist",
    target: "es2022",
    // Every supported browser has modulepreload; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
  },
});

// The dev server proxies the API so the browser talks to one origin, exactly as it does in
// production, where the API process serves this build: the refresh cookie (Path=/api/auth,
// SameSite=Strict) then travels without any CORS set-up.
import react from "@vitejs/plugin-react";
import { defineConfig, type ProxyOptions } from "vite";

const apiTarget = process.env.API_URL ?? "http://127.0.0.1:3000";
const proxy: Record<string, ProxyOptions> = {
  "/api": { target: apiTarget },
  "/.well-known": { target: apiTarget },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: "dist",
    target: "es2022",
    // Every supported browser has modulepreload; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
  },
});

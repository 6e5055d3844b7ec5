import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layering rule of eslint.config.js, tried on imports that break it and on ones that
 * keep it, at the paths where they would be written.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImports(file: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").length;
}

describe("the direction of imports", () => {
  it.each([
    ["apps/api/src/store/user-store.ts", 'import "../sessions/session-service.js";'],
    ["apps/api/src/store/user-store.ts", 'import "../routes/auth-routes.js";'],
    ["apps/api/src/http/error-handler.ts", 'import "../auth/require-auth.js";'],
    ["apps/api/src/auth/jwt-strategy.ts", 'import "../sessions/revocation-list.js";'],
    ["apps/api/src/sessions/session-service.ts", 'import "../users/user-service.js";'],
    ["apps/api/src/users/user-service.ts", 'import "../routes/user-routes.js";'],
    ["apps/api/src/users/user-service.ts", 'import "../app.js";'],
    ["apps/api/src/metrics/metrics.ts", 'import "../sessions/session-service.js";'],
    ["apps/web/src/lib/api-client.ts", 'import "../features/auth/login-page";'],
    ["apps/web/src/features/profile/profile-page.tsx", 'import "../auth/login-page";'],
    ["apps/web/src/features/profile/profile-page.tsx", 'import "../../app/routes";'],
  ])("when %s imports upwards (%s), then lint fails", async (file, source) => {
    expect(await restrictedImports(file, source)).toBe(1);
  });

  it.each([
    ["apps/api/src/store/user-store.ts", 'import "./schema.js";'],
    ["apps/api/src/sessions/session-service.ts", 'import "../store/session-store.js";'],
    ["apps/api/src/users/user-service.ts", 'import "../sessions/session-service.js";'],
    ["apps/api/src/routes/user-routes.ts", 'import "../users/user-service.js";'],
    ["apps/api/src/sessions/session-service.ts", 'import "../metrics/metrics.js";'],
    ["apps/web/src/features/profile/profile-page.tsx", 'import "../../lib/api-client";'],
    ["apps/web/src/features/profile/profile-page.tsx", 'import "./use-profile";'],
  ])("when %s imports downwards (%s), then lint passes", async (file, source) => {
    expect(await restrictedImports(file, source)).toBe(0);
  });
});

import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The import rules of eslint.config.js (path zones and no cycles, by eslint-plugin-import-x),
 * tried on imports that break them and on ones that keep them, at the paths where they would
 * be written. The rules themselves run on every `npm run lint`: this shows they bite.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const eslint = new ESLint({ cwd: repoRoot });

async function importProblems(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
  return result!.messages
    .map((m) => m.ruleId ?? "")
    .filter((rule) => rule === "import-x/no-restricted-paths" || rule === "import-x/no-cycle");
}

describe("the direction of imports", () => {
  it.each([
    ["apps/web/src/lib/api-client.ts", 'import "../../../api/src/http/route.js";'],
    ["packages/shared/src/api-paths.ts", 'import "../../../apps/api/src/http/route.js";'],
    ["packages/shared/src/api-paths.ts", 'import "../../../apps/web/src/lib/api-client";'],
    ["apps/api/src/store/user-store.ts", 'import "../sessions/session-service.js";'],
    ["apps/api/src/store/user-store.ts", 'import "../routes/auth-routes.js";'],
    ["apps/api/src/store/user-store.ts", 'import "../http/app-error.js";'],
    ["apps/api/src/http/error-handler.ts", 'import "../auth/require-auth.js";'],
    ["apps/api/src/auth/jwt-strategy.ts", 'import "../sessions/revocation-list.js";'],
    ["apps/api/src/sessions/session-service.ts", 'import "../users/user-service.js";'],
    ["apps/api/src/users/user-service.ts", 'import "../routes/user-routes.js";'],
    ["apps/api/src/mfa/mfa-service.ts", 'import "../routes/mfa-routes.js";'],
    ["apps/api/src/users/user-service.ts", 'import "../app.js";'],
    ["apps/api/src/routes/mfa-routes.ts", 'import "../mfa-feature.js";'],
    ["apps/api/src/metrics/metrics.ts", 'import "../sessions/session-service.js";'],
    ["apps/web/src/lib/api-client.ts", 'import "../features/auth/login-page";'],
    ["apps/web/src/features/profile/profile-page.tsx", 'import "../auth/login-page";'],
    ["apps/web/src/features/profile/profile-page.tsx", 'import "../../app/routes";'],
  ])("when %s imports against the layers (%s), then lint fails", async (file, source) => {
    expect(await importProblems(file, source)).toContain("import-x/no-restricted-paths");
  });

  it("when one feature service's folder imports back from one that imports it, then lint fails on the cycle", async () => {
    // accounts/reset-password.ts imports users/password-policy.ts; importing it back closes a cycle.
    const problems = await importProblems(
      "apps/api/src/users/password-policy.ts",
      'import "../accounts/reset-password.js";',
    );
    expect(problems).toContain("import-x/no-cycle");
  });

  it.each([
    ["apps/api/src/store/user-store.ts", 'import "./schema.js";'],
    ["apps/api/src/store/database.ts", 'import "../runtime/sqlite-checkpointer.js";'],
    ["apps/api/src/sessions/session-service.ts", 'import "../store/session-store.js";'],
    ["apps/api/src/users/user-service.ts", 'import "../sessions/session-service.js";'],
    ["apps/api/src/routes/user-routes.ts", 'import "../users/user-service.js";'],
    ["apps/api/src/sessions/session-service.ts", 'import "../metrics/metrics.js";'],
    ["apps/web/src/features/profile/profile-page.tsx", 'import "../../lib/api-client";'],
    ["apps/web/src/features/profile/profile-page.tsx", 'import "./use-profile";'],
  ])("when %s imports downwards (%s), then lint passes", async (file, source) => {
    expect(await importProblems(file, source)).toEqual([]);
  });

  const refusedImports = async (file: string, source: string) => {
    const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
    return result!.messages.filter((m) => m.ruleId === "no-restricted-imports");
  };

  it.each([
    ["apps/api/src/mfa/mfa-service.ts", 'import type { Kysely } from "kysely";'],
    ["apps/api/src/routes/user-routes.ts", 'import { sql } from "kysely";'],
    ["apps/api/src/sessions/session-service.ts", 'import "kysely/helpers/postgres";'],
  ])(
    "when %s imports Kysely (%s), then lint fails: queries live in store/",
    async (file, source) => {
      expect(await refusedImports(file, source)).toHaveLength(1);
    },
  );

  it.each([
    ["apps/api/src/store/user-store.ts", 'import { sql } from "kysely";'],
    ["apps/api/src/store/migrations/0001-users.ts", 'import type { Kysely } from "kysely";'],
    ["apps/api/src/mfa/mfa-service.ts", 'import type { Db } from "../store/db.js";'],
  ])(
    "when %s imports Kysely or the store's handle (%s), then lint passes",
    async (file, source) => {
      expect(await refusedImports(file, source)).toEqual([]);
    },
  );
});

// One lint configuration for every workspace: typescript-eslint's recommended rules,
// plus the React hooks rules for the web app. Formatting is Prettier's job, not ESLint's.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/.turbo/**",
      "playwright-report/**",
      "test-results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["error", "warn"] }],
    },
  },
  {
    files: ["apps/web/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["scripts/**", "bench/**", "e2e/**", "**/cli/**"],
    rules: { "no-console": "off" },
  },
  {
    // Queries are written in store/ only. Above it, code holds the store's handle by the
    // names store/db.ts gives it (`Db`, `Tx`) and calls store functions: a service that could
    // reach Kysely would soon build a query of its own, outside what the store's tests cover.
    files: ["apps/api/src/**/*.ts"],
    ignores: ["apps/api/src/store/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "kysely",
              message:
                "Only apps/api/src/store/ imports kysely: use Db and Tx from store/db.ts and a store function.",
            },
          ],
          patterns: [
            {
              group: ["kysely/*"],
              message:
                "Only apps/api/src/store/ imports kysely: use Db and Tx from store/db.ts and a store function.",
            },
          ],
        },
      ],
    },
  },
  ...layers(),
);

/**
 * The direction of dependencies, kept by lint rather than by memory (eslint-plugin-import-x's
 * `no-restricted-paths` by path zones, and `no-cycle`, with TypeScript's resolution so that
 * `./x.js` finds `x.ts`). Across the workspaces: web never imports the API, shared imports
 * neither app. In the API a request goes route -> service -> store and nothing below calls back up:
 *   config, errors, runtime < store < http < metrics < auth < sessions < the feature services (users,
 *   mail, accounts, mfa, passkeys, oidc, security, ...) < openapi < routes < app, bootstrap,
 *   mfa-feature, server, cli
 * and no folder imports back into one that imports it (no cycles, between the feature
 * services' folders too). In the web app: lib -> features -> app, and features never import
 * each other.
 */
function layers() {
  const api = "./apps/api/src";
  const web = "./apps/web/src";
  const folders = (dir) =>
    fs
      .readdirSync(new URL(dir, import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  // mfa-feature.ts wires TOTP and passkeys for app.ts: it is part of the composition, not a layer.
  const top = ["routes", "openapi", "cli", "app.ts", "bootstrap.ts", "mfa-feature.ts", "server.ts"];
  const order = [
    ["config", "errors", "runtime"],
    ["store"],
    ["http"],
    // What the app records for its operators: any layer above may count what it decides.
    ["metrics"],
    ["auth"],
    ["sessions"],
    folders(api).filter(
      (name) =>
        !["config", "errors", "runtime", "store", "http", "metrics", "auth", "sessions"].includes(
          name,
        ) && !top.includes(name),
    ),
    ["openapi"],
    ["routes"],
  ];
  const apiZones = order.flatMap((level, i) => {
    const above = [
      ...order.slice(i + 1).flat(),
      ...top.filter((name) => !order.flat().includes(name)),
    ];
    return level.map((folder) => ({
      target: `${api}/${folder}`,
      from: [...new Set(above)].map((name) => `${api}/${name}`),
      message: `${folder}/ sits below ${above.join(", ")}: lower layers never call back up.`,
    }));
  });
  const features = folders(`${web}/features`);
  const zones = [
    {
      target: "./apps/web",
      from: "./apps/api",
      message: "The web app never imports API code, only packages/shared.",
    },
    {
      target: "./packages/shared",
      from: "./apps",
      message: "packages/shared is imported by both apps and imports neither.",
    },
    ...apiZones,
    {
      target: `${web}/lib`,
      from: [`${web}/features`, `${web}/app`],
      message: "lib/ is the bottom layer of the web app: it never imports features or app.",
    },
    ...features.map((feature) => ({
      target: `${web}/features/${feature}`,
      from: `${web}/features`,
      except: [`./${feature}`],
      message: "A feature imports only its own files and lib/: features never import each other.",
    })),
    {
      target: `${web}/features`,
      from: `${web}/app`,
      message: "Features never import app/: the app imports them.",
    },
  ];
  return [
    {
      files: ["apps/*/src/**/*.{ts,tsx}", "packages/*/src/**/*.ts"],
      plugins: { "import-x": importX },
      settings: {
        // TypeScript files are parsed for their imports (no-cycle follows them).
        "import-x/extensions": importX.flatConfigs.typescript.settings["import-x/extensions"],
        "import-x/parsers": importX.flatConfigs.typescript.settings["import-x/parsers"],
        "import-x/resolver-next": [
          createTypeScriptImportResolver({
            project: [
              "apps/api/tsconfig.json",
              "apps/web/tsconfig.json",
              "packages/shared/tsconfig.json",
            ],
            noWarnOnMultipleProjects: true,
          }),
        ],
      },
      rules: {
        // Zones are relative to this file, wherever ESLint runs from (a workspace, a test).
        "import-x/no-restricted-paths": [
          "error",
          { zones, basePath: fileURLToPath(new URL(".", import.meta.url)) },
        ],
        "import-x/no-cycle": ["error", { ignoreExternal: true }],
      },
    },
  ];
}

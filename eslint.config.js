// One lint configuration for every workspace: typescript-eslint's recommended rules,
// plus the React hooks rules for the web app. Formatting is Prettier's job, not ESLint's.
import js from "@eslint/js";
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
    files: ["scripts/**", "apps/api/scripts/**", "bench/**", "e2e/**", "**/cli/**"],
    rules: { "no-console": "off" },
  },
  ...layers(),
);

/**
 * The direction of dependencies, kept by lint rather than by memory. In the API a request
 * goes route -> service -> store and nothing below calls back up:
 *   config, errors < store < http < metrics < auth < sessions < the feature services (users, mail, ...)
 *   < openapi < routes < app, bootstrap, server, cli
 * In the web app: lib -> features -> app, and features never import each other.
 */
function layers() {
  const api = "apps/api/src";
  const below = (folder, allowed) => ({
    files: [`${api}/${folder}/**/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: allowed.length ? `^\\.\\./(?!(${allowed.join("|")})/)` : "^\\.\\./",
              message: `${folder}/ may import only from ${allowed.join(", ") || "itself"}: lower layers never call back up.`,
            },
          ],
        },
      ],
    },
  });
  const top = ["routes", "openapi", "app.js", "bootstrap.js", "server.js", "cli"];
  return [
    below("config", []),
    below("errors", []),
    below("store", ["config", "errors"]),
    below("http", ["config", "errors", "store"]),
    // What the app records for its operators: any layer above may count what it decides.
    below("metrics", ["config", "errors", "store", "http"]),
    below("auth", ["config", "errors", "store", "http", "metrics"]),
    below("sessions", ["config", "errors", "store", "http", "metrics", "auth"]),
    {
      // Feature services (users, mail, and each feature's folder) sit below the routes.
      files: [`${api}/*/**/*.ts`],
      ignores: [
        ...["config", "errors", "store", "http", "metrics", "auth", "sessions"].map(
          (f) => `${api}/${f}/**`,
        ),
        ...top.map((f) => `${api}/${f}/**`),
      ],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              {
                regex: `^\\.\\./(${top.map((name) => name.replace(".", "\\.")).join("|")})(/|$)`,
                message: "Services never import the HTTP routes, the OpenAPI document or the app.",
              },
            ],
          },
        ],
      },
    },
    {
      files: ["apps/web/src/lib/**/*.{ts,tsx}"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              {
                group: ["**/features/**", "**/app/**"],
                message:
                  "lib/ is the bottom layer of the web app: it never imports features or app.",
              },
            ],
          },
        ],
      },
    },
    {
      files: ["apps/web/src/features/**/*.{ts,tsx}"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              {
                regex: "^\\.\\./(?!\\.\\./lib(/|$))",
                message:
                  "A feature imports only its own files and lib/: features never import each other or app/.",
              },
            ],
          },
        ],
      },
    },
  ];
}

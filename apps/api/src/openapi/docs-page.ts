import { apiPaths, PRODUCT_NAME } from "@jwt-auth/shared";

/** Where the reference page loads its scripts and styles from: this origin, never a CDN. */
export const DOCS_ASSETS_PATH = `${apiPaths.docs}/assets`;

/**
 * The page has no inline script: the Content-Security-Policy allows scripts from this
 * origin only, here as everywhere else, so the initializer is a file of its own.
 */
export const docsHtml = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${PRODUCT_NAME} API reference</title>
    <link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${DOCS_ASSETS_PATH}/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <main id="swagger-ui"></main>
    <script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${DOCS_ASSETS_PATH}/docs-init.js"></script>
  </body>
</html>
`;

/**
 * Starts Swagger UI on our document. No validator badge (it would call another site), and
 * the token pasted into "Authorize" is not persisted: it lives only as long as the page.
 */
export const docsInitScript = `window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(apiPaths.openapi)},
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    tryItOutEnabled: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

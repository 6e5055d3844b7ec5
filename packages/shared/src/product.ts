/** The product's name, the same in the web app's pages, its mail and the API reference. */
export const PRODUCT_NAME = "JWT Auth";

/** A page's `<title>`: what the page is, then the product. */
export const pageTitle = (page: string): string => `${page} · ${PRODUCT_NAME}`;

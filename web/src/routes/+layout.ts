import { applyLocaleToDocument } from "#lib/i18n/mod.ts";

// A static, offline-first SPA: everything renders in the browser.
export const ssr = false;
export const prerender = false;
export const trailingSlash = "never";

// The page's language and direction (ADR 0058), before anything renders.
if (typeof document !== "undefined") applyLocaleToDocument();

// A static, offline-first SPA: everything renders in the browser.
export const ssr = false;
export const prerender = false;
export const trailingSlash = "never";

// Paraglide JS (ADR 0058): the options vite.config.ts's plugin and `npm run check` share, and,
// run as a script, a compile of the catalogues into src/lib/paraglide (generated, git-ignored)
// so that svelte-check sees the typed message functions without a vite build. Offline: the
// message-format plugin is loaded from node_modules (project.inlang/settings.json), not a CDN.
import { fileURLToPath } from "node:url";

/** @type {import("@inlang/paraglide-js").CompilerOptions} */
export const paraglideOptions = {
  project: "./project.inlang",
  outdir: "./src/lib/paraglide",
  // The locale chosen on the account page (src/lib/i18n/mod.ts keeps it: Paraglide's own
  // "localStorage" strategy would also keep the browser's language on the first visit), then the
  // best of the browser's languages, then English.
  strategy: ["custom-chosen", "preferredLanguage", "baseLocale"],
  emitGitIgnore: true,
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { compile } = await import("@inlang/paraglide-js");
  await compile(paraglideOptions);
}

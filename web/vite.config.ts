import { sveltekit } from "@sveltejs/kit/vite";
import adapter from "@sveltejs/adapter-static";
import { searchForWorkspaceRoot } from "vite";
import { defineConfig } from "vitest/config";
import { paraglideVitePlugin } from "@inlang/paraglide-js";
import { paraglideOptions } from "./scripts/paraglide.mjs";

/** Where `npm run dev` and `npm run preview` send `/v1/...` (a running Kopek). */
const api = process.env.KOPEK_API ?? "http://127.0.0.1:8080";

/**
 * `$domain/...`: the server's pure domain code the PWA imports (ADR 0011, revised): domain/money,
 * domain/ledger and domain/shared/categories.ts, which import no zod and no npm package. Also in
 * tsconfig.json and tsconfig.sw.json (`paths`); not a subpath import (`#...` in package.json),
 * whose targets must stay inside web/, nor SvelteKit's deprecated `alias` option.
 */
const domain = new URL("../domain", import.meta.url).pathname;

export default defineConfig({
  plugins: [
    // The catalogues (src/lib/i18n/messages) compiled into typed message functions (ADR 0058).
    paraglideVitePlugin(paraglideOptions),
    sveltekit({
      adapter: adapter({ pages: "build", assets: "build", fallback: "index.html", strict: true }),
      csp: {
        mode: "hash",
        directives: {
          "default-src": ["self"],
          "script-src": ["self"],
          // SvelteKit's route announcer has one fixed inline style attribute (also in app.css).
          "style-src": ["self", "unsafe-hashes", "sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo="],
          "img-src": ["self", "data:"],
          "connect-src": ["self"],
          "manifest-src": ["self"],
          "worker-src": ["self"],
          "object-src": ["none"],
          "base-uri": ["self"],
          "form-action": ["self"],
        },
      },
    }),
  ],
  resolve: { alias: { $domain: domain } },
  server: {
    proxy: { "/v1": { target: api, changeOrigin: false } },
    // The dev server serves files outside web/ only when allowed. In a git checkout the workspace
    // root is the repository's, which holds domain/; the pure part is named too, for a copy
    // without .git.
    fs: {
      allow: [
        searchForWorkspaceRoot(process.cwd()),
        ...["money", "ledger", "shared/categories.ts"].map((p) => `${domain}/${p}`),
      ],
    },
  },
  preview: { proxy: { "/v1": { target: api, changeOrigin: false } } },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});

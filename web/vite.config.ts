import { sveltekit } from "@sveltejs/kit/vite";
import adapter from "@sveltejs/adapter-static";
import { defineConfig } from "vitest/config";

/** Where `npm run dev` and `npm run preview` send `/v1/...` (a running Kopek). */
const api = process.env.KOPEK_API ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [
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
  server: { proxy: { "/v1": { target: api, changeOrigin: false } } },
  preview: { proxy: { "/v1": { target: api, changeOrigin: false } } },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});

// After `vite build`: moves SvelteKit's inline bootstrap script out of the SPA
// fallback page into a content-hashed file, so that build/index.html has no
// inline script at all and runs under a plain `Content-Security-Policy:
// default-src 'self'` header (no hashes, no 'unsafe-inline'); the page's own
// CSP meta tag (kit.csp, mode "hash") is rewritten to match.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const dir = new URL("../build/", import.meta.url);
const indexUrl = new URL("index.html", dir);
let html = readFileSync(indexUrl, "utf8");

const inline = /<script>([\s\S]*?)<\/script>/g;
const scripts = [...html.matchAll(inline)];
if (scripts.length === 0) {
  console.log("postbuild: no inline script in build/index.html");
} else {
  for (const [whole, body] of scripts) {
    const code = body.trim() + "\n";
    const hash = createHash("sha256").update(code).digest("hex").slice(0, 10);
    const name = `_app/immutable/boot.${hash}.js`;
    writeFileSync(new URL(name, dir), code);
    // A classic, synchronous script: it reads document.currentScript like the inline one did.
    html = html.replace(whole, `<script src="/${name}"></script>`);
    console.log(`postbuild: moved the inline bootstrap to /${name}`);
  }
  // The hashes of the inline scripts are no longer needed in the page's own policy.
  html = html.replace(/(<meta http-equiv="content-security-policy" content=")([^"]*)(")/i, (_, a, policy, c) =>
    a + policy.replace(/(script-src[^;]*)/, (d) => d.replace(/ 'sha256-[^']+'/g, "")) + c);
}
if (/<script>/.test(html) || /\sstyle="/.test(html)) throw new Error("build/index.html still has inline script or style");
writeFileSync(indexUrl, html);

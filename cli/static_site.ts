/**
 * The PWA's static build (`web/build`), served by the all-in-one process at
 * `/`: every file loaded into memory at start with a gzip copy, immutable
 * caching for SvelteKit's hashed assets, revalidation for everything else
 * (so a new service worker and index.html are picked up), the SPA fallback
 * to `index.html`, and a Content-Security-Policy for HTML that allows the
 * page's own inline bootstrap scripts by their hashes and nothing else.
 *
 * @module
 */
import { extname, join, relative } from "node:path";
import type { Context, Hono } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

const COMPRESSIBLE = new Set([
  ".html",
  ".js",
  ".mjs",
  ".css",
  ".json",
  ".webmanifest",
  ".svg",
  ".txt",
]);

interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly gzip: Uint8Array<ArrayBuffer> | null;
  readonly type: string;
  readonly etag: string;
  readonly immutable: boolean;
}

/** A loaded static site. */
export interface StaticSite {
  /** Mounts `GET`/`HEAD` for every path not under `/v1/` and not an operations route. */
  mount(app: Hono): void;
  /** How many files it serves. */
  readonly files: number;
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function sha(bytes: Uint8Array<ArrayBuffer>, encoding: "hex" | "base64"): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return encoding === "hex"
    ? Array.from(digest.slice(0, 12), (b) => b.toString(16).padStart(2, "0")).join("")
    : btoa(String.fromCharCode(...digest));
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (entry.isFile) yield path;
  }
}

/**
 * The CSP of the app's HTML: same-origin everything, inline styles (Svelte
 * transitions set them), and inline scripts only by hash.
 */
export async function htmlPolicy(html: string): Promise<string> {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    if (m[1].trim()) hashes.push(`'sha256-${await sha(new TextEncoder().encode(m[1]), "base64")}'`);
  }
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Loads the build at `root`; null when there is none (the PWA was not
 * built: the API still works).
 */
export async function loadStaticSite(root: string): Promise<StaticSite | null> {
  try {
    if (!(await Deno.stat(join(root, "index.html"))).isFile) return null;
  } catch {
    return null;
  }
  const assets = new Map<string, Asset>();
  for await (const path of walk(root)) {
    const rel = "/" + relative(root, path).split("\\").join("/");
    const ext = extname(path).toLowerCase();
    const body = new Uint8Array(await Deno.readFile(path));
    assets.set(rel, {
      body,
      gzip: COMPRESSIBLE.has(ext) && body.length > 512 ? await gzip(body) : null,
      type: TYPES[ext] ?? "application/octet-stream",
      etag: `"${await sha(body, "hex")}"`,
      immutable: rel.startsWith("/_app/immutable/"),
    });
  }
  const index = assets.get("/index.html")!;
  const policy = await htmlPolicy(new TextDecoder().decode(index.body));

  function send(c: Context, asset: Asset): Response {
    const headers: Record<string, string> = {
      "Content-Type": asset.type,
      ETag: asset.etag,
      "Cache-Control": asset.immutable ? "public, max-age=31536000, immutable" : "no-cache",
      Vary: "Accept-Encoding",
    };
    // A service worker takes its CSP from its own script's response, so every file gets the
    // app's policy (the API's `default-src 'none'` would stop the worker from precaching).
    headers["Content-Security-Policy"] = policy;
    if (c.req.header("if-none-match") === asset.etag) {
      return new Response(null, { status: 304, headers });
    }
    const gz = asset.gzip && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
    if (gz) headers["Content-Encoding"] = "gzip";
    const body = gz ? asset.gzip! : asset.body;
    headers["Content-Length"] = String(body.length);
    return new Response(c.req.method === "HEAD" ? null : body as BodyInit, {
      status: 200,
      headers,
    });
  }

  return {
    files: assets.size,
    mount(app) {
      app.on(["GET", "HEAD"], "*", (c, next) => {
        let path: string;
        try {
          path = decodeURIComponent(c.req.path);
        } catch {
          return next(); // a malformed escape names no file
        }
        if (path.startsWith("/v1/")) return next();
        const asset = assets.get(path) ?? assets.get(`${path.replace(/\/$/, "")}/index.html`) ??
          assets.get(`${path}.html`);
        if (asset) return send(c, asset);
        // A client-side route (no file extension): the app shell handles it.
        if (extname(path) === "") return send(c, index);
        return next();
      });
    },
  };
}

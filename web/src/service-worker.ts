/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Kopek's service worker: precaches the app shell of this build (the cache
 * name carries the build version) so that the app loads offline after one
 * online visit, serves navigations from the network and falls back to the
 * cached shell, never caches `/v1/` (API data lives in IndexedDB), sends the
 * outbox and then the queued files (ADR 0056) on Background Sync, and waits
 * to take over until the page says so (the "new version" prompt).
 */
import { assets, immutable } from "$app/manifest";
import { version } from "$app/env";
import { flushOutbox } from "#lib/outbox/sync.ts";
import { uploadQueued } from "#lib/attachments/upload.ts";
import { notificationOf } from "#lib/push/notification.ts";

const sw = globalThis as unknown as ServiceWorkerGlobalScope;
const CACHE = `kopek-shell-${version}`;
const SHELL = "/";
const PRECACHE = [
  ...immutable.map((f) => f.path),
  ...assets.map((f) => f.path),
].map((p) => new URL(p, sw.registration.scope).pathname);

/** Same-origin scripts and styles the shell page references (its boot script is not in the manifest). */
function referenced(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/\s(?:src|href)="(\/[^"]+\.(?:js|css))"/g)) out.add(m[1]);
  return [...out];
}

sw.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE);
    const res = await fetch(SHELL, { cache: "no-store" });
    if (!res.ok) throw new Error(`the app shell answered ${res.status}`);
    const html = await res.clone().text();
    await cache.put(SHELL, res);
    await cache.addAll(referenced(html).filter((p) => !PRECACHE.includes(p)));
  })());
});

sw.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== CACHE && key.startsWith("kopek-shell-")) await caches.delete(key);
    }
    await sw.clients.claim();
  })());
});

sw.addEventListener("message", (event) => {
  if (event.data?.type === "SKIP_WAITING") void sw.skipWaiting();
});

sw.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin) return;
  // API responses are never cached here: the app keeps what it needs in IndexedDB.
  if (url.pathname.startsWith("/v1/") || url.pathname === "/v1") return;

  if (req.mode === "navigate") {
    event.respondWith((async () => {
      try {
        return await fetch(req);
      } catch {
        const cache = await caches.open(CACHE);
        return (await cache.match(SHELL)) ?? Response.error();
      }
    })());
    return;
  }

  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(url.pathname);
    if (hit) return hit;
    const res = await fetch(req);
    // Static files of this origin fetched later (icons) are kept for offline use too.
    if (res.ok && res.type === "basic" && !url.pathname.endsWith("/service-worker.js")) {
      void cache.put(url.pathname, res.clone());
    }
    return res;
  })());
});

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

// Background Sync: send the outbox even when no tab is open.
sw.addEventListener("sync", ((event: SyncEvent) => {
  if (event.tag !== "kopek-outbox") return;
  event.waitUntil((async () => {
    const report = await flushOutbox();
    // Then the queued files whose expenses are on the server now (ADR 0056).
    const uploads = await uploadQueued();
    // Ask the browser to try again later when the server could not take everything.
    if (report && (report.offline || report.deferred > 0)) throw new Error("outbox not sent yet");
    if (uploads?.error) throw new Error("files not uploaded yet");
  })());
}) as EventListener);

// Web push (ADR 0057): show the notification; a click opens (or focuses) the group or expense.
sw.addEventListener("push", (event) => {
  let json: unknown = null;
  try {
    json = event.data?.json();
  } catch { /* not JSON: not Kopek's */ }
  const shown = notificationOf(json);
  if (shown) {
    event.waitUntil(
      sw.registration.showNotification(shown.title, shown.options),
    );
  }
});

sw.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url =
    new URL(event.notification.data?.url ?? "/", sw.location.origin).href;
  event.waitUntil((async () => {
    const open = await sw.clients.matchAll({
      type: "window",
      includeUncontrolled: true,
    });
    const same = open.find((c) => c.url === url);
    if (same) return void await same.focus();
    await sw.clients.openWindow(url);
  })());
});

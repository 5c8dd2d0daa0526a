/**
 * What the PWA's budget test and benchmark measure in Chromium: the
 * JavaScript a page load transfers (bytes on the wire, from the DevTools
 * protocol), the time to interactive of the group page, and a large group
 * seeded through `POST /v1/sync`.
 *
 * @module
 */
import { CATEGORIES } from "@kopek/domain";
import type { Page } from "playwright-core";
import type { KopekClient } from "@kopek/testing";

/** One JavaScript response as the page received it. */
export interface JsTransfer {
  readonly path: string;
  /** Bytes on the wire for the response (headers and encoded body). */
  readonly transferred: number;
  /** The encoded body's `Content-Length`. */
  readonly contentLength: number;
  readonly encoding: string;
  /** Served from the HTTP cache or a service worker (nothing on the wire). */
  readonly cached: boolean;
}

/**
 * Records the JavaScript responses of `page` from now on, with its HTTP and
 * memory caches off (a first load); only the page's own requests (a service
 * worker's background precache is not the page's load). Call the answered
 * function once the page is interactive.
 */
export async function recordJs(page: Page): Promise<() => JsTransfer[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const responses = new Map<string, Omit<JsTransfer, "transferred">>();
  const done: JsTransfer[] = [];
  cdp.on("Network.responseReceived", (e) => {
    const path = new URL(e.response.url).pathname;
    if (e.type !== "Script" && !/javascript/.test(e.response.mimeType)) return;
    const header = (name: string) =>
      Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === name)
        ?.[1] ?? "";
    responses.set(e.requestId, {
      path,
      contentLength: Number(header("content-length") || 0),
      encoding: header("content-encoding") || "identity",
      cached: !!(e.response.fromDiskCache || e.response.fromServiceWorker ||
        e.response.fromPrefetchCache),
    });
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = responses.get(e.requestId);
    if (r) done.push({ ...r, transferred: r.cached ? 0 : e.encodedDataLength });
  });
  return () => {
    void cdp.detach().catch(() => {});
    return [...done];
  };
}

/** The sum of the bytes on the wire. */
export function totalTransferred(js: readonly JsTransfer[]): number {
  return js.reduce((s, r) => s + r.transferred, 0);
}

/** "12.3 KB". */
export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * Installs (before the page's own scripts run) a watcher that records, in
 * `performance.now()` time (from navigation start), the first moment the
 * group page is interactive: expense rows are on screen and the "Add
 * expense" button is there to tap. Read it with {@linkcode interactiveAt}.
 */
export async function watchInteractive(page: Page): Promise<void> {
  await page.addInitScript(() => {
    // Runs in the page (this file is type-checked without the DOM library).
    // deno-lint-ignore no-explicit-any
    const w = globalThis as any;
    const ready = () =>
      w.document.querySelector(
        '[data-testid="expense-list"] [data-testid="expense-row"]',
      ) &&
      w.document.querySelector('[data-testid="add-expense"]');
    const observer = new w.MutationObserver(() => {
      if (w.__kopekInteractive === undefined && ready()) {
        w.__kopekInteractive = w.performance.now();
        observer.disconnect();
      }
    });
    observer.observe(w.document, { childList: true, subtree: true });
  });
}

/**
 * Waits until the group page is interactive (see {@linkcode watchInteractive})
 * and answers when that was, in ms from navigation start. Also checks that
 * the "Add expense" button can really be clicked then (visible, stable,
 * not covered).
 */
export async function interactiveAt(
  page: Page,
  timeoutMs = 30_000,
): Promise<number> {
  const handle = await page.waitForFunction(
    // deno-lint-ignore no-explicit-any
    () => (globalThis as any).__kopekInteractive as number | undefined,
    undefined,
    { timeout: timeoutMs },
  );
  const at = (await handle.jsonValue()) as number;
  await page.getByTestId("add-expense").click({ trial: true });
  return at;
}

/** The p-th percentile (0..1) of numbers, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))
  ];
}

/** The categories seeded expenses cycle through (everyday ones). */
const SEEDED_CATEGORIES = CATEGORIES.slice(0, 6);
const WORDS = [
  "Dinner",
  "Taxi",
  "Groceries",
  "Tickets",
  "Coffee",
  "Museum",
  "Market",
  "Fuel",
];

/**
 * Records `count` expenses in a group through `POST /v1/sync`, `batch` per
 * request (deterministic descriptions, amounts, payers and dates); answers
 * the highest event position written.
 */
export async function seedExpenses(
  client: KopekClient,
  groupId: string,
  memberIds: readonly string[],
  count: number,
  batch = 500,
): Promise<number> {
  let position = 0;
  for (let start = 0; start < count; start += batch) {
    const commands = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const cents = 100 + ((i * 7919) % 20_000);
      const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
      const day = new Date(Date.UTC(2026, 0, 1) + (i % 320) * 86_400_000);
      commands.push({
        id: crypto.randomUUID(),
        type: "expense.record",
        groupId,
        body: {
          description: `${WORDS[i % WORDS.length]} #${i + 1}`,
          total: { amount, currency: "EUR" },
          date: day.toISOString().slice(0, 10),
          category: SEEDED_CATEGORIES[i % SEEDED_CATEGORIES.length],
          paidBy: [{ memberId: memberIds[i % memberIds.length], amount }],
          split: {
            mode: "equal",
            shares: memberIds.map((memberId) => ({ memberId })),
          },
        },
      });
    }
    const a = await client.post("/v1/sync", { commands });
    if (a.status !== 200) {
      throw new Error(`sync: ${a.status} ${JSON.stringify(a.body)}`);
    }
    const bad = (a.body.results as { status: number }[]).filter((r) => r.status !== 201);
    if (bad.length) {
      throw new Error(`sync: ${bad.length} refused: ${JSON.stringify(bad[0])}`);
    }
    position = Math.max(position, Number(a.body.position));
  }
  return position;
}

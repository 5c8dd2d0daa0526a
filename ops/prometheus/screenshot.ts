/**
 * Retakes docs/screenshots/prometheus-request-rate.png (docs/observability.md,
 * "Dashboards"): Debian's `prometheus` server scrapes a Kopek all-in-one on a
 * throwaway database every 2 s while a few clients record expenses and read
 * them in waves, then Chromium (playwright-core, as the PWA's screenshots)
 * renders Prometheus's own graph page of the request-rate queries. Grafana
 * cannot run here; the dashboard's "Request rate by route" panel runs the
 * same query. Not a test: `deno task screenshots:prometheus [--seconds 180]`.
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";
import { launchBrowser } from "../../web/e2e/_browser.ts";
import { startPrometheus } from "./server.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const OUT = join(ROOT, "docs/screenshots/prometheus-request-rate.png");

const { values } = parseArgs({ args: Deno.args, options: { seconds: { type: "string" } } });
const seconds = Number(values.seconds ?? 180);

await using db = await createTestDatabase("kopek_prom_screenshot", { max: 2 });
const kopek = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
const dir = await Deno.makeTempDir({ prefix: "kopek-prometheus-shot-" });
const prometheus = await startPrometheus({
  dir,
  target: new URL(kopek.url).host,
  intervalSeconds: 2,
});
const base = prometheus.base;

/** One client: a group of its own, expenses recorded and read back, until `until`. */
async function client(until: number, pauseMs: number): Promise<void> {
  const { client: c } = await new KopekClient(kopek.url).register(
    `shot-${crypto.randomUUID()}@example.com`,
    "Shot",
  );
  const g = await c.post("/v1/groups", { name: "Flat", currency: "EUR" });
  const groupId = g.body.id as string;
  const me = g.body.memberId as string;
  while (Date.now() < until) {
    const e = await c.post(`/v1/groups/${groupId}/expenses`, {
      description: "Groceries",
      category: "food",
      date: "2026-11-20",
      total: { amount: "12.50", currency: "EUR" },
      paidBy: [{ memberId: me, amount: "12.50" }],
      split: { mode: "equal", shares: [{ memberId: me }] },
    });
    if (e.status !== 201) throw new Error(`expense: ${e.status} ${JSON.stringify(e.body)}`);
    await c.get(`/v1/groups/${groupId}/balances`, {
      "Kopek-Min-Position": String(e.body.position ?? 0),
    });
    await c.get(`/v1/groups/${groupId}/expenses`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

try {
  // Three waves: 2 clients, 6, then 3, so the graph shows the rate follow the load.
  const start = Date.now();
  const third = (seconds * 1000) / 3;
  for (const [clients, pause] of [[2, 200], [6, 50], [3, 100]] as const) {
    const until = Math.min(start + seconds * 1000, Date.now() + third);
    await Promise.all(Array.from({ length: clients }, () => client(until, pause)));
  }
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const q = (expr: string) => encodeURIComponent(expr);
    const range = `${Math.ceil(seconds / 60) + 1}m`;
    await page.goto(
      `${base}/graph?g0.expr=${q("sum(rate(kopek_http_requests_total[1m]))")}&g0.tab=0` +
        `&g0.range_input=${range}&g1.expr=${
          q("sum by (route) (rate(kopek_http_requests_total[1m]))")
        }&g1.tab=0&g1.range_input=${range}`,
    );
    // Debian's package serves Prometheus's classic UI (Rickshaw graphs): both graphs drawn, each
    // with its legend.
    await page.locator(".rickshaw_legend").nth(1).locator(".line").first().waitFor({
      timeout: 30_000,
    });
    await page.locator(".rickshaw_legend").first().locator(".line").first().waitFor({
      timeout: 30_000,
    });
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: OUT, fullPage: true });
    // deno-lint-ignore no-console -- what the script wrote
    console.log(`wrote ${OUT}`);
  } finally {
    await browser.close();
  }
} finally {
  await prometheus.stop();
  await kopek.stop();
  await Deno.remove(dir, { recursive: true });
}

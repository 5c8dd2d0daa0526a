/**
 * The PWA in Chromium against Kopek all-in-one: prints the size of every
 * JavaScript file as the server sends it (gzipped), what a first load
 * transfers (the page's own scripts at `/` and at a group page, and the
 * service worker's background install), and the time to interactive of a
 * group page holding 5,000 expenses (seeded through `POST /v1/sync`, 500 per
 * request): from navigation start to the moment expense rows are on screen
 * and the "Add expense" button is there to tap, p50/p95 over several loads,
 * cold (a signed-in browser with empty caches and no service worker) and
 * warm (a reload with the service worker, the HTTP cache and the cached
 * expenses). Run with `deno bench -A web/e2e/bundle_bench.ts` after
 * `deno task web`; `KOPEK_BENCH_TTI_RUNS` sets the loads per case (default 10).
 */
import type { Page } from "playwright-core";
import { type App, launchBrowser, PASSWORD, signUpInUi, startApp, unique } from "./_browser.ts";
import {
  interactiveAt,
  kb,
  percentile,
  recordJs,
  seedExpenses,
  totalTransferred,
  watchInteractive,
} from "./_metrics.ts";

const EXPENSES = 5_000;
const RUNS = Number(Deno.env.get("KOPEK_BENCH_TTI_RUNS") ?? "10");

// deno-lint-ignore no-console
const print = (line: string) => console.log(line);

/** Every JavaScript file of the build, fetched as a browser would (gzip accepted). */
async function chunkSizes(app: App) {
  const build = new URL("../build/", import.meta.url);
  const files: string[] = [];
  const walk = async (dir: URL, prefix: string) => {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory) {
        await walk(new URL(`${e.name}/`, dir), `${prefix}${e.name}/`);
      } else if (e.name.endsWith(".js")) files.push(`/${prefix}${e.name}`);
    }
  };
  await walk(build, "");
  const sizes = [];
  for (const path of files) {
    const res = await fetch(app.url + path, {
      headers: { "accept-encoding": "gzip" },
    });
    await res.body?.cancel();
    const raw = (await Deno.stat(new URL(`.${path}`, build))).size;
    sizes.push({ path, raw, sent: Number(res.headers.get("content-length")) });
  }
  return sizes.sort((a, b) => b.sent - a.sent);
}

/** Signs up a new person in a fresh page; answers their email. */
async function signUp(page: Page): Promise<string> {
  const email = `bench-${unique()}@e2e.test`;
  await page.goto("/signup");
  await signUpInUi(page, { name: "Ana", email });
  return email;
}

let printedFiles = false;

async function bundle(b: Deno.BenchContext) {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    b.start();
    const sizes = await chunkSizes(app);
    // `deno bench` may run a case more than once: the files are the same every time.
    if (!printedFiles) {
      printedFiles = true;
      print("JavaScript files as the server sends them (gzip), largest first:");
      for (const s of sizes) {
        print(
          `  ${kb(s.sent).padStart(9)} ${kb(s.raw).padStart(9)} raw  ${s.path}`,
        );
      }
      print(`  all of them: ${kb(sizes.reduce((a, s) => a + s.sent, 0))}`);
    }

    // A first visit at /: the page's scripts, and the service worker's background fetches.
    const context = await browser.newContext({ baseURL: app.url });
    let background = 0;
    context.on("requestfinished", async (r) => {
      if (!r.serviceWorker() || !/\.js$/.test(new URL(r.url()).pathname)) {
        return;
      }
      const s = await r.sizes().catch(() => null);
      if (s) background += s.responseBodySize + s.responseHeadersSize;
    });
    const page = await context.newPage();
    const pageJs = await recordJs(page);
    await page.goto("/");
    await page.getByTestId("signin-email").waitFor();
    const first = pageJs();
    await page.waitForFunction(() =>
      // deno-lint-ignore no-explicit-any
      (globalThis as any).navigator.serviceWorker?.controller?.state ===
        "activated"
    );
    print(
      `first load of /: ${first.length} scripts, ${kb(totalTransferred(first))} on the wire`,
    );
    print(
      `  then the service worker, in the background: ${
        kb(background)
      } of scripts (itself, and the precache of what the page did not load)`,
    );
    await context.close();

    // A group page, signed in, caches off.
    const cold = await browser.newContext({
      baseURL: app.url,
      serviceWorkers: "block",
    });
    const coldPage = await cold.newPage();
    const email = await signUp(coldPage);
    const owner = app.api.as(
      (await app.api.post("/v1/auth/login", { email, password: PASSWORD })).body
        .token,
    );
    const group = await owner.post("/v1/groups", {
      name: "Bench",
      currency: "EUR",
    });
    await seedExpenses(owner, group.body.id, [group.body.memberId], 60, 60);
    await watchInteractive(coldPage);
    const groupJs = await recordJs(coldPage);
    await coldPage.goto(`/groups/${group.body.id}`);
    await interactiveAt(coldPage);
    const g = groupJs();
    print(
      `first load of /groups/{g}: ${g.length} scripts, ${kb(totalTransferred(g))} on the wire`,
    );
    b.end();
  } finally {
    await browser.close();
  }
}

/** Loads `url` `runs` times, each in the page `open` gives (then `close`s it); answers the times. */
async function loads(
  open: () => Promise<{ page: Page; close(): Promise<void> }>,
  url: string,
  runs: number,
) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { page, close } = await open();
    try {
      await page.goto(url);
      times.push(await interactiveAt(page));
    } finally {
      await close();
    }
  }
  return times;
}

async function timeToInteractive(b: Deno.BenchContext) {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    const email = await signUp(page);
    // The session, kept before the group is opened (no expense cached yet).
    const signedIn = await context.storageState({ indexedDB: true });
    const owner = app.api.as(
      (await app.api.post("/v1/auth/login", { email, password: PASSWORD })).body
        .token,
    );
    const group = await owner.post("/v1/groups", {
      name: "Big trip",
      currency: "EUR",
    });
    const members = [group.body.memberId as string];
    for (const name of ["Bea", "Chen", "Dev"]) {
      members.push(
        (await owner.post(`/v1/groups/${group.body.id}/members`, {
          name,
          role: "member",
        }))
          .body.id,
      );
    }
    const seeding = performance.now();
    const position = await seedExpenses(
      owner,
      group.body.id,
      members,
      EXPENSES,
      500,
    );
    for (;;) {
      const read = await owner.get(`/v1/groups/${group.body.id}/balances`, {
        "kopek-min-position": String(position),
      });
      if (read.status === 200) break;
      if (read.status !== 503) throw new Error(`balances: ${read.status}`);
    }
    print(
      `seeded ${EXPENSES} expenses through POST /v1/sync in ${
        ((performance.now() - seeding) / 1000).toFixed(1)
      } s`,
    );
    const url = `/groups/${group.body.id}`;
    await watchInteractive(page);
    const same = () => Promise.resolve({ page, close: () => Promise.resolve() });
    await loads(same, url, 1); // warm-up: the service worker, the HTTP cache, the cached expenses

    b.start();
    const cold = await loads(
      async () => {
        const c = await browser.newContext({
          baseURL: app.url,
          serviceWorkers: "block",
          storageState: signedIn,
        });
        const p = await c.newPage();
        await watchInteractive(p);
        return { page: p, close: () => c.close() };
      },
      url,
      RUNS,
    );
    const warm = await loads(same, url, RUNS);
    b.end();
    for (const [label, times] of [["cold", cold], ["warm", warm]] as const) {
      print(
        `group page with ${EXPENSES} expenses, time to interactive (${label}, ${RUNS} loads): ` +
          `p50 ${percentile(times, 0.5).toFixed(0)} ms, p95 ${
            percentile(times, 0.95).toFixed(0)
          } ms, max ${Math.max(...times).toFixed(0)} ms`,
      );
    }
  } finally {
    await browser.close();
  }
}

Deno.bench({
  name: "PWA bundle: sizes per file and first-load transfers",
  group: "web",
  n: 1,
  warmup: 0,
  fn: async (b) => await bundle(b),
});

Deno.bench({
  name: `PWA group page with ${EXPENSES} expenses: time to interactive`,
  group: "web",
  n: 1,
  warmup: 0,
  fn: async (b) => await timeToInteractive(b),
});

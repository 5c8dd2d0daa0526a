/**
 * Shared pieces of the PWA's browser tests, screenshots and benchmark: the
 * Chromium to drive (`KOPEK_CHROMIUM`, else Debian's `/usr/bin/chromium`),
 * Kopek all-in-one on a throwaway database serving the PWA build, the UI
 * steps every test repeats (sign up, create a group, add an expense), and
 * waiting on conditions (never on sleeps).
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "@kopek/platform/testing";
import type { Logger } from "@kopek/platform";
import { type Answer, KopekClient, startForTest } from "@kopek/testing";
import { createPostgresEventStore } from "@kopek/eventstore";
import { groupStream } from "@kopek/domain";

/** The Chromium executable: `KOPEK_CHROMIUM`, else Debian's package. */
export function chromiumPath(): string {
  return Deno.env.get("KOPEK_CHROMIUM") || "/usr/bin/chromium";
}

/**
 * Launches a headless Chromium (no sandbox: tests run as root in containers), in English
 * whatever the host's language (the PWA follows the browser's, ADR 0058; tests find text in
 * English). A context's `locale` option overrides it (i18n.int_test.ts).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--lang=en-US"],
  });
}

/** The password every test account uses. */
export const PASSWORD = "correct horse battery staple";

/** Kopek all-in-one serving the PWA, on its own database. */
export interface App extends AsyncDisposable {
  readonly url: string;
  readonly db: TestDatabase;
  /** An anonymous API client for the server. */
  readonly api: KopekClient;
}

/**
 * Starts Kopek all-in-one in this process on a throwaway database (rate
 * limits off: tests sign up many accounts from one address). Fails early when
 * the PWA was not built (`deno task web`). `logger` receives the server's log
 * (default: none).
 */
export async function startApp(
  options: { logger?: Logger; env?: Record<string, string> } = {},
): Promise<App> {
  const index = new URL("../build/index.html", import.meta.url);
  try {
    await Deno.stat(index);
  } catch {
    throw new Error(
      "web/build is missing: build the PWA first with `deno task web`",
    );
  }
  const db = await createTestDatabase();
  let running;
  try {
    running = await startForTest(
      db.url,
      { KOPEK_RATE_LIMITS: "off", ...options.env },
      options.logger,
    );
  } catch (e) {
    await db[Symbol.asyncDispose]();
    throw e;
  }
  return {
    url: running.url,
    db,
    api: new KopekClient(running.url),
    async [Symbol.asyncDispose]() {
      try {
        await running.stop();
      } finally {
        await db[Symbol.asyncDispose]();
      }
    },
  };
}

/** A short unique suffix for emails and names. */
export function unique(): string {
  return crypto.randomUUID().slice(0, 8);
}

/**
 * Polls `probe` until it answers something other than undefined, or throws
 * after `timeoutMs` with `what` and the last value seen.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not within ${timeoutMs} ms${last ? ` (last error: ${last})` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Signs up through `/signup` (the page must show the form); resolves once signed in. */
export async function signUpInUi(
  page: Page,
  user: { name: string; email: string },
): Promise<void> {
  await page.getByTestId("signup-name").fill(user.name);
  await page.getByTestId("signup-email").fill(user.email);
  await page.getByTestId("signup-password").fill(PASSWORD);
  await page.getByTestId("signup-submit").click();
  // Signed in: the header shows the main navigation.
  await page.getByTestId("nav-outbox").waitFor();
}

/**
 * Creates a group on `/` and answers its id once the server has it: the app opens the new
 * group's page, which shows its title once created.
 */
export async function createGroupInUi(
  page: Page,
  name: string,
  currency = "EUR",
): Promise<string> {
  await page.getByTestId("create-group-name").fill(name);
  await page.getByTestId("create-group-currency").selectOption(currency);
  await page.getByTestId("create-group-submit").click();
  await page.waitForURL((u) => /^\/groups\/[^/]+$/.test(u.pathname));
  await page.getByTestId("group-title").waitFor();
  return new URL(page.url()).pathname.split("/")[2];
}

/** Goes back to the list of groups (`/`) through the header's link. */
export async function openGroupList(page: Page): Promise<void> {
  await page.getByRole("link", { name: "Groups", exact: true }).click();
  await page.getByTestId("create-group-form").waitFor();
}

/** A signed-up person with a group of placeholders, opened once online (so it is cached). */
export interface OpenedGroup {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly groupId: string;
  /** The owner's email (to sign in on another device). */
  readonly email: string;
  /** The owner acting through the API. */
  readonly owner: KopekClient;
  /** Member ids by name, the owner's included. */
  readonly ids: Record<string, string>;
}

/**
 * Signs `ownerName` up in a new browser context, creates `groupName` in the UI, adds
 * `others` as placeholders through the API, and opens the group page once online, until
 * every member's balance row is there.
 */
export async function openGroupWithPlaceholders(
  app: App,
  browser: Browser,
  groupName: string,
  ownerName: string,
  others: readonly string[],
): Promise<OpenedGroup> {
  const email = `${ownerName.toLowerCase()}-${unique()}@e2e.test`;
  const context = await browser.newContext({ baseURL: app.url });
  const page = await context.newPage();
  await page.goto("/signup");
  await signUpInUi(page, { name: ownerName, email });
  const groupId = await createGroupInUi(page, groupName);
  const login = await app.api.post("/v1/auth/login", {
    email,
    password: PASSWORD,
  });
  assert.equal(login.status, 200);
  const owner = app.api.as(login.body.token);
  const ids: Record<string, string> = {};
  let position = 0;
  for (const name of others) {
    const a = await owner.post(`/v1/groups/${groupId}/members`, {
      name,
      role: "member",
    });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    ids[name] = a.body.id;
    position = a.body.position;
  }
  // With no members added the test knows no position: the group, created through the PWA's
  // outbox, is read once the read side has it.
  const group = await eventually("the group on the read side", async () => {
    const g = await owner.get(`/v1/groups/${groupId}`, {
      "kopek-min-position": String(position),
    });
    return g.status === 200 ? g : undefined;
  }, 60_000);
  ids[ownerName] = (group.body.members as { id: string; name: string }[])
    .find((m) => m.name === ownerName)!.id;
  await openGroupList(page);
  await page.locator(`[data-group-id="${groupId}"]`).getByTestId("group-link")
    .click();
  const rows = others.length + 1;
  await eventually(
    `the ${rows} members on the group page`,
    async () => (await page.getByTestId("balance-row").count()) === rows ? true : undefined,
  );
  return { context, page, groupId, email, owner, ids };
}

/** An expense as the add-expense form takes it: equal split over `among` member ids (default everyone). */
export interface ExpenseInput {
  description: string;
  amount: string;
  currency?: string;
  category?: string;
  /** Member id of the payer (default: the form's default, the signed-in member). */
  payer?: string;
  /** Member ids to split equally between (default: every active member). */
  among?: string[];
  /** A rate to send when the currency is not the group's. */
  rate?: string;
}

/**
 * Fills and submits the add-expense form of the current page
 * (`/groups/{g}/expenses/new`); resolves when the app went back to the group page.
 */
export async function fillExpenseForm(
  page: Page,
  e: ExpenseInput,
): Promise<void> {
  const form = page.getByTestId("expense-form");
  await form.waitFor();
  await page.getByTestId("expense-description-input").fill(e.description);
  await page.getByTestId("expense-amount-input").fill(e.amount);
  if (e.currency) {
    await page.getByTestId("expense-currency-input").selectOption(e.currency);
  }
  if (e.category) {
    await page.getByTestId("expense-category-input").selectOption(e.category);
  }
  if (e.payer) await page.getByTestId("payer-select").selectOption(e.payer);
  if (e.rate) {
    await page.getByTestId("fx-override").check();
    await page.getByTestId("fx-rate-input").fill(e.rate);
  }
  if (e.among) {
    const boxes = page.getByTestId("split-include");
    for (const box of await boxes.all()) {
      const id = await box.getAttribute("data-member-id");
      await box.setChecked(e.among.includes(id!));
    }
  }
  await page.getByTestId("expense-submit").click();
  await page.waitForURL((u) => /^\/groups\/[^/]+$/.test(u.pathname));
}

/** Opens the add-expense page of a group from its overview (the app's own link) and fills it. */
export async function addExpenseInUi(
  page: Page,
  e: ExpenseInput,
): Promise<void> {
  await page.getByTestId("add-expense").click();
  await fillExpenseForm(page, e);
}

/** Waits until the group page follows `/live` (its status says "live"). */
export async function waitLive(page: Page): Promise<void> {
  await page.locator("[data-testid=live-status][data-state=live]").waitFor();
}

/** The locator of an expense row by its description. */
export function expenseRow(page: Page, description: string) {
  return page.getByTestId("expense-row").filter({
    has: page.getByTestId("expense-description").getByText(description, {
      exact: true,
    }),
  });
}

/** The balances the page shows: member id → amount string (`data-amount`). */
export async function shownBalances(
  page: Page,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const row of await page.getByTestId("balance-row").all()) {
    const id = await row.getAttribute("data-member-id");
    out[id!] = (await row.getByTestId("balance-amount").getAttribute("data-amount"))!;
  }
  return out;
}

/** Whether two member id → amount maps hold the same amounts (key order aside). */
export function sameAmounts(
  a: Record<string, string>,
  b: Record<string, string>,
): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length &&
    ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/**
 * The position of the group's latest event, read from the event store: a read with
 * `Kopek-Min-Position` of it sees every write so far, whichever projection answers it (the
 * PWA showing a change means that change's projection caught up, not every other one).
 */
export async function groupHead(app: App, groupId: string): Promise<number> {
  const events = await createPostgresEventStore(app.db.sql).readStream(groupStream(groupId));
  return Math.max(...events.map((e) => e.position));
}

/**
 * The server's balances of a group at `position` or later (read-your-writes): member id →
 * amount string, as {@linkcode shownBalances} answers them.
 */
export async function serverBalances(
  client: KopekClient,
  groupId: string,
  position: number,
): Promise<Record<string, string>> {
  const res = await readAt(client, `/v1/groups/${groupId}/balances`, position);
  return Object.fromEntries(
    (res.body.members as { memberId: string; balance: { amount: string } }[])
      .map((m) => [m.memberId, m.balance.amount]),
  );
}

/**
 * How long {@linkcode readAt} retries: the server holds a read at a position for up to 30 s
 * before its 503 (`KOPEK_READ_WAIT_SECONDS` of `startForTest`), so this lets a 503 be retried
 * at least twice.
 */
const READ_AT_TIMEOUT_MS = 75_000;

/**
 * A 200 answer of `GET path` once the read models applied `position` (read-your-writes); a 503
 * (not applied within the server's wait) is retried, as its `Retry-After` asks; any other status
 * fails at once.
 */
export async function readAt(
  client: KopekClient,
  path: string,
  position: number,
): Promise<Answer> {
  const res = await eventually(`${path} at position ${position}`, async () => {
    const res = await client.get(path, { "kopek-min-position": String(position) });
    return res.status === 503 ? undefined : res;
  }, READ_AT_TIMEOUT_MS);
  assert.equal(res.status, 200, `${path} at position ${position}: ${JSON.stringify(res.body)}`);
  return res;
}

/** An expense as the server has it once its read models applied `position`. */
export async function expenseAt(
  client: KopekClient,
  groupId: string,
  expenseId: string,
  position: number,
) {
  return (await readAt(client, `/v1/groups/${groupId}/expenses/${expenseId}`, position)).body;
}

/**
 * The body of an expense as the server has it at `position` (0: as the read models are now):
 * what a `PUT` of it sends back unchanged.
 */
export async function expenseBody(
  client: KopekClient,
  groupId: string,
  expenseId: string,
  position = 0,
) {
  const e = await expenseAt(client, groupId, expenseId, position);
  return {
    description: e.description,
    total: e.total,
    date: e.date,
    category: e.category,
    paidBy: e.paidBy,
    split: e.split,
    note: e.note,
  };
}

/**
 * Signs in through `/signin` (with the shared password); resolves once signed in. With `next`,
 * opens that path first, as a link followed on a signed-out device does (the app asks to sign in,
 * then goes there), and resolves once there.
 */
export async function signInInUi(
  page: Page,
  email: string,
  next?: string,
): Promise<void> {
  await page.goto(next ?? "/signin");
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-password").fill(PASSWORD);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("nav-outbox").waitFor();
  if (next) await page.waitForURL((u) => u.pathname + u.search === next);
}

/**
 * Screenshots of the PWA's main screens for the README, at phone
 * (390×844) and desktop (1280×800) sizes, written to `docs/screenshots/`:
 * sign in, the groups list, a group (balances, settle-up plan, expenses),
 * adding an expense (split preview), recording a payment, members (invite QR
 * code), reports, an expense with its receipts, the outbox with a command the server refused, the conflict
 * screen for it, and the account page. The data is seeded through
 * the API and always the same: a trip of four people with a dozen expenses
 * in several categories and currencies, and a settlement; the browser's
 * language and time zone are fixed too (times shown are the real ones).
 *
 * Not part of the test run. From the repository root:
 * `deno task web && deno run -A --config deno.json web/e2e/screenshots.ts`
 * (`deno run` looks for its configuration from the script's folder and would
 * stop at `web/package.json`, outside the workspace; `deno test` and
 * `deno bench` start from the working directory and need no flag).
 *
 * @module
 */
import type { BrowserContext, Page } from "playwright-core";
import type { KopekClient } from "@kopek/testing";
import { launchBrowser, PASSWORD, startApp, waitLive } from "./_browser.ts";
import { pdfOfSize, png } from "./_files.ts";

const OUT = new URL("../../docs/screenshots/", import.meta.url);
const SIZES = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

type Names = "Ana" | "Ben" | "Chiara" | "Dev";

/** The trip: who paid what, and how it is split. */
function expenses(m: Record<Names, string>) {
  const all = (Object.keys(m) as Names[]).map((n) => ({ memberId: m[n] }));
  const eur = (amount: string) => ({ amount, currency: "EUR" });
  const one = (
    payer: Names,
    amount: string,
  ) => [{ memberId: m[payer], amount }];
  return [
    {
      description: "Flights Berlin–Lisbon",
      total: eur("486.00"),
      date: "2026-07-14",
      category: "transport",
      paidBy: one("Ana", "486.00"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Apartment in Alfama, 5 nights",
      total: eur("640.00"),
      date: "2026-08-02",
      category: "lodging",
      paidBy: one("Ben", "640.00"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "eSIM data plans",
      total: { amount: "36.00", currency: "USD" },
      fx: { rate: "0.8571" },
      date: "2026-09-24",
      category: "utilities",
      paidBy: one("Dev", "36.00"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Groceries at Pingo Doce",
      total: eur("64.35"),
      date: "2026-09-25",
      category: "groceries",
      paidBy: one("Chiara", "64.35"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Dinner at Cervejaria Ramiro",
      total: eur("148.20"),
      date: "2026-09-25",
      category: "food",
      paidBy: one("Dev", "148.20"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Tram 28 day passes",
      total: eur("26.80"),
      date: "2026-09-26",
      category: "transport",
      paidBy: one("Ana", "26.80"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Sintra day trip",
      total: eur("96.00"),
      date: "2026-09-26",
      category: "entertainment",
      paidBy: one("Ben", "96.00"),
      split: {
        mode: "shares",
        shares: [
          { memberId: m.Ana, weight: 1 },
          { memberId: m.Ben, weight: 1 },
          { memberId: m.Chiara, weight: 2 },
        ],
      },
    },
    {
      description: "Pastéis de Belém",
      total: eur("14.40"),
      date: "2026-09-27",
      category: "food",
      paidBy: one("Chiara", "14.40"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Surf lesson in Cascais",
      total: eur("180.00"),
      date: "2026-09-27",
      category: "entertainment",
      paidBy: one("Dev", "180.00"),
      split: {
        mode: "percent",
        shares: [
          { memberId: m.Ben, percent: "50" },
          { memberId: m.Dev, percent: "50" },
        ],
      },
    },
    {
      description: "Fado night",
      total: eur("120.00"),
      date: "2026-09-28",
      category: "entertainment",
      paidBy: one("Ana", "120.00"),
      split: {
        mode: "exact",
        shares: [
          { memberId: m.Ana, amount: "40.00" },
          { memberId: m.Ben, amount: "40.00" },
          { memberId: m.Chiara, amount: "40.00" },
        ],
      },
    },
    {
      description: "Pharmacy",
      total: eur("12.80"),
      date: "2026-09-28",
      category: "health",
      paidBy: one("Chiara", "12.80"),
      split: {
        mode: "equal",
        shares: [{ memberId: m.Chiara }, { memberId: m.Dev }],
      },
    },
    {
      description: "Stopover in London: lunch",
      total: { amount: "72.40", currency: "GBP" },
      fx: { rate: "1.1627" },
      date: "2026-09-29",
      category: "food",
      paidBy: [{ memberId: m.Ana, amount: "40.00" }, {
        memberId: m.Ben,
        amount: "32.40",
      }],
      split: { mode: "equal", shares: all },
    },
    {
      description: "Farewell dinner",
      total: eur("212.50"),
      date: "2026-09-29",
      category: "food",
      paidBy: one("Ben", "212.50"),
      split: { mode: "equal", shares: all },
    },
    {
      description: "Photo book of the trip",
      total: eur("58.90"),
      date: "2026-10-12",
      category: "shopping",
      paidBy: one("Chiara", "58.90"),
      split: { mode: "equal", shares: all },
    },
  ];
}

/** Seeds the trip; answers the group's and the members' ids and Ana's client. */
async function seed(api: KopekClient) {
  const ana = await api.post("/v1/auth/register", {
    email: "ana@kopek.example",
    password: PASSWORD,
    displayName: "Ana",
  });
  const owner = api.as(ana.body.token);
  const ben = await api.post("/v1/auth/register", {
    email: "ben@kopek.example",
    password: PASSWORD,
    displayName: "Ben",
  });
  if (ana.status !== 201 || ben.status !== 201) {
    throw new Error("could not register");
  }
  const group = await owner.post("/v1/groups", {
    name: "Lisbon trip",
    currency: "EUR",
  });
  const g = group.body.id as string;
  const m = { Ana: group.body.memberId } as Record<Names, string>;
  for (
    const [name, body] of [
      ["Ben", { name: "Ben", email: "ben@kopek.example", role: "admin" }],
      ["Chiara", { name: "Chiara", role: "member" }],
      ["Dev", { name: "Dev", role: "member" }],
    ] as const
  ) {
    const a = await owner.post(`/v1/groups/${g}/members`, body);
    if (a.status !== 201) {
      throw new Error(`member ${name}: ${JSON.stringify(a.body)}`);
    }
    m[name] = a.body.id;
  }
  let position = 0;
  for (const e of expenses(m)) {
    const a = await owner.post(`/v1/groups/${g}/expenses`, e);
    if (a.status !== 201) {
      throw new Error(`${e.description}: ${JSON.stringify(a.body)}`);
    }
    position = a.body.position;
  }
  const settled = await owner.post(`/v1/groups/${g}/settlements`, {
    from: m.Chiara,
    to: m.Ana,
    amount: { amount: "150.00", currency: "EUR" },
    date: "2026-09-30",
    note: "Bank transfer",
  });
  if (settled.status !== 201) {
    throw new Error(`settlement: ${JSON.stringify(settled.body)}`);
  }
  position = settled.body.position;
  // Read-your-writes before the browser reads.
  await owner.get(`/v1/groups/${g}`, {
    "kopek-min-position": String(position),
  });
  return { groupId: g, members: m, owner };
}

/** A browser context with the fixed language and time zone. */
async function newContext(
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  url: string,
) {
  const context = await browser.newContext({
    baseURL: url,
    viewport: SIZES.desktop,
    deviceScaleFactor: 1,
    locale: "en-IE",
    timezoneId: "Europe/Lisbon",
    colorScheme: "light",
  });
  return context;
}

/** Writes the page at both sizes; the page must be settled at each (`ready` waits for that). */
async function shoot(
  page: Page,
  name: string,
  ready: () => Promise<void> = async () => {},
) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await ready();
    // No toast over the screen, no focus ring or caret.
    for (
      const close of await page.getByTestId("toast").getByRole("button").all()
    ) {
      await close.click({ timeout: 1_000 }).catch(() => {}); // gone by itself meanwhile
    }
    await page.getByTestId("toast").first().waitFor({ state: "detached" });
    await page.evaluate(() =>
      // deno-lint-ignore no-explicit-any
      (globalThis as any).document.activeElement?.blur()
    );
    const file = new URL(`${size}-${name}.png`, OUT);
    await page.screenshot({
      path: file.pathname,
      animations: "disabled",
      caret: "hide",
    });
    // deno-lint-ignore no-console
    console.log(`wrote docs/screenshots/${size}-${name}.png`);
  }
}

/** Scrolls the element with this test id to the middle of the screen. */
async function centre(page: Page, testid: string) {
  await page.getByTestId(testid).evaluate((el) => el.scrollIntoView({ block: "center" }));
}

async function signIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByTestId("signin-email").fill("ana@kopek.example");
  await page.getByTestId("signin-password").fill(PASSWORD);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("group-link").waitFor();
  return page;
}

await Deno.mkdir(OUT, { recursive: true });
await using app = await startApp();
const browser = await launchBrowser();
try {
  const { groupId, members, owner } = await seed(app.api);

  // Sign in (signed out).
  const anonymous = await newContext(browser, app.url);
  const signin = await anonymous.newPage();
  await signin.goto("/signin");
  await signin.getByTestId("signin-email").fill("ana@kopek.example");
  await shoot(signin, "signin");
  await anonymous.close();

  const context = await newContext(browser, app.url);
  const page = await signIn(context);
  const settled = async () => {
    await page.locator(
      "[data-testid=connection-status][data-state=online][data-pending='0']",
    )
      .waitFor();
  };

  // Groups.
  await page.getByTestId("group-balance").waitFor();
  await shoot(page, "groups", settled);

  // The group: balances, settle up, expenses.
  await page.getByTestId("group-link").click();
  await waitLive(page);
  await page.getByTestId("settle-row").first().waitFor();
  await page.getByText("Farewell dinner").waitFor();
  await shoot(page, "group", settled);

  // Recording a payment: the dialog a settle-up row opens, prefilled with the transfer.
  await page.getByTestId("settle-button").first().click();
  await page.getByTestId("payment-dialog").waitFor();
  await shoot(page, "payment");
  await page.getByTestId("payment-cancel").click();

  // Adding an expense: the split preview.
  await page.getByTestId("add-expense").click();
  await page.getByTestId("expense-description-input").fill(
    "Sunset cruise on the Tagus",
  );
  await page.getByTestId("expense-category-input").selectOption(
    "entertainment",
  );
  await page.getByTestId("expense-amount-input").fill("115.00");
  await page.getByTestId("split-mode-shares").check();
  for (
    const [name, weight] of [["Ana", "2"], ["Ben", "1"], ["Chiara", "1"], [
      "Dev",
      "1",
    ]]
  ) {
    await page.locator(
      `[data-testid=split-weight][data-member-id="${members[name as Names]}"]`,
    ).fill(weight);
  }
  await page.locator(`[data-testid=share-preview][data-amount="46.00"]`)
    .waitFor();
  await shoot(page, "add-expense", () => centre(page, "split"));

  // Members, with an invite link and its QR code.
  await page.goto(`/groups/${groupId}/members`);
  await page.getByTestId("invite-submit").click();
  await page.getByTestId("invite-qr").waitFor();
  await shoot(page, "members", async () => {
    await settled();
    if (Object.is(page.viewportSize()?.width, SIZES.phone.width)) {
      await page.getByTestId("invite-qr").scrollIntoViewIfNeeded();
    } else {
      await page.evaluate(() =>
        // deno-lint-ignore no-explicit-any
        (globalThis as any).scrollTo(0, 0)
      );
    }
  });

  // Reports.
  await page.getByTestId("group-nav-reports").click();
  await page.getByTestId("report-from").fill("2026-07");
  await page.getByTestId("report-to").fill("2026-10");
  await page.locator("[data-testid=bar][data-amount='58.90']").waitFor();
  await page.getByTestId("chart-categories").waitFor();
  await shoot(page, "reports", () => centre(page, "chart-months"));

  // An expense with its receipts: a photo (its thumbnail) and a PDF, uploaded beforehand.
  const farewell = (await owner.get(`/v1/groups/${groupId}/expenses?q=Farewell`)).body.items[0];
  for (
    const [name, type, bytes] of [
      ["receipt.png", "image/png", png(600, 800)],
      ["invoice.pdf", "application/pdf", pdfOfSize(48_000)],
    ] as const
  ) {
    const path =
      `/v1/groups/${groupId}/expenses/${farewell.id}/attachments/${crypto.randomUUID()}?name=${name}`;
    const a = await owner.request("PUT", path, bytes, { "content-type": type });
    if (a.status !== 201) throw new Error(`${name}: ${JSON.stringify(a.body)}`);
  }
  await page.goto(`/groups/${groupId}/expenses/${farewell.id}`);
  await page.getByTestId("attachment-thumbnail").waitFor();
  await page.getByTestId("attachment-download").nth(1).waitFor();
  await shoot(page, "receipts", () => centre(page, "attachments"));

  // The outbox with a refused command: an edit made offline, while someone else changed the
  // same expense; the server refuses the stale edit when the phone is back online.
  await page.goto(`/groups/${groupId}`);
  await waitLive(page);
  const pharmacy = page.getByTestId("expense-row").filter({
    hasText: "Pharmacy",
  });
  await pharmacy.getByTestId("expense-description").click();
  await page.getByTestId("expense-edit").waitFor();
  await context.setOffline(true);
  await page.getByTestId("expense-edit").click();
  await page.getByTestId("expense-amount-input").fill("15.80");
  await page.getByTestId("expense-submit").click();
  await page.getByTestId("group-title").waitFor();
  const list = await owner.get(`/v1/groups/${groupId}/expenses?q=Pharmacy`);
  const expense = list.body.items[0];
  const { id: _id, version: _v, ...rest } = expense;
  const changed = await owner.put(
    `/v1/groups/${groupId}/expenses/${expense.id}`,
    {
      description: "Pharmacy (sunscreen)",
      total: rest.total,
      date: rest.date,
      category: rest.category,
      paidBy: rest.paidBy,
      split: rest.split,
      note: null,
    },
    { "if-match": `"${expense.version}"` },
  );
  if (changed.status !== 200) {
    throw new Error(`amend: ${JSON.stringify(changed.body)}`);
  }
  await context.setOffline(false);
  await page.getByTestId("outbox-rejected-count").waitFor();
  await page.getByTestId("nav-outbox").click();
  await page.getByTestId("outbox-rejected").waitFor();
  await shoot(page, "outbox", settled);

  // The conflict screen for that refused edit: both versions field by field, and who changed what.
  await page.getByTestId("outbox-fix").click();
  await page.getByTestId("conflict-fields").waitFor();
  await shoot(page, "conflict");

  // The account page: profile, password, this device's session, export and deletion.
  await page.goto("/account");
  await page.getByTestId("session").first().waitFor();
  await shoot(page, "account");
  await context.close();
} finally {
  await browser.close();
}

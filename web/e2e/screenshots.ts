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
import { launchBrowser, PASSWORD, startApp, waitLive } from "./_browser.ts";
import { pdfOfSize, png } from "./_files.ts";
import { type Names, seed } from "./_screenshot_trip.ts";

const OUT = new URL("../../docs/screenshots/", import.meta.url);
const SIZES = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

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

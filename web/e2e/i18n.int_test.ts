/**
 * The PWA in English, Spanish and German (ADR 0058): Chromium's `locale` sets
 * `navigator.languages`, which picks the PWA's language; the group page's text is translated
 * and money is formatted by Intl for it ("1.234,56 €" in German); an amount typed the German
 * way ("12,50") is recorded as 1250 minor units; names in right-to-left scripts render with
 * `dir=auto`; the account page's switch changes the language and keeps it.
 *
 * With `KOPEK_WRITE_SCREENSHOTS=1` it also writes the group page in each language to
 * docs/screenshots/desktop-group-<lang>.png (the README's screenshots of the locales).
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import {
  addExpenseInUi,
  type App,
  createGroupInUi,
  eventually,
  expenseRow,
  launchBrowser,
  PASSWORD,
  signUpInUi,
  startApp,
  unique,
} from "./_browser.ts";

const SPACE = " ";

/** What each locale must show. */
const LOCALES = [
  {
    locale: "en-US",
    lang: "en",
    balances: "Balances",
    typed: "1,234.56",
    money: "€1,234.56",
    add: "Add expense",
  },
  {
    locale: "es-ES",
    lang: "es",
    balances: "Saldos",
    typed: "1234,56",
    money: `1234,56${SPACE}€`,
    add: "Añadir gasto",
  },
  {
    locale: "de-DE",
    lang: "de",
    balances: "Salden",
    typed: "1.234,56",
    money: `1.234,56${SPACE}€`,
    add: "Ausgabe hinzufügen",
  },
] as const;

async function signedUpWithGroup(app: App, browser: Browser, locale: string) {
  const context = await browser.newContext({
    baseURL: app.url,
    locale,
    timezoneId: "Europe/Berlin",
  });
  const page = await context.newPage();
  const email = `i18n-${unique()}@e2e.test`;
  await page.goto("/signup");
  await signUpInUi(page, { name: "Ana", email });
  const groupId = await createGroupInUi(page, `Trip ${locale}`);
  const login = await app.api.post("/v1/auth/login", {
    email,
    password: PASSWORD,
  });
  assert.equal(login.status, 200);
  return { context, page, groupId, owner: app.api.as(login.body.token) };
}

async function expenseTotal(page: Page, description: string): Promise<string> {
  const amount = expenseRow(page, description).getByTestId("expense-amount");
  await amount.waitFor();
  // Intl separates "1.234,56" and "€" with a no-break space; compare with plain spaces.
  return (await amount.innerText()).replace(/\s/g, " ").trim();
}

Deno.test("the PWA in en, es and de: text, money formatting and typed amounts", async (t) => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    for (const l of LOCALES) {
      await t.step(l.locale, async () => {
        const { context, page, groupId, owner } = await signedUpWithGroup(
          app,
          browser,
          l.locale,
        );
        try {
          assert.equal(await page.locator("html").getAttribute("lang"), l.lang);
          assert.equal(await page.locator("html").getAttribute("dir"), "ltr");
          await page.getByRole("heading", { name: l.balances, exact: true })
            .waitFor();
          assert.equal(
            (await page.getByTestId("add-expense").innerText()).trim(),
            l.add,
          );

          await addExpenseInUi(page, { description: "Hotel", amount: l.typed });
          assert.equal(await expenseTotal(page, "Hotel"), l.money);
          const list = await eventually(
            "the expense on the server",
            async () => {
              const r = await owner.get(
                `/v1/groups/${groupId}/expenses?q=Hotel`,
              );
              return r.body.items?.length === 1 ? r.body.items : undefined;
            },
          );
          assert.deepEqual(list[0].total, {
            amount: "1234.56",
            currency: "EUR",
          });
          if (Deno.env.get("KOPEK_WRITE_SCREENSHOTS") === "1") {
            await page.setViewportSize({ width: 1280, height: 800 });
            await page.locator(
              "[data-testid=connection-status][data-state=online][data-pending='0']",
            ).waitFor();
            const file = new URL(
              `../../docs/screenshots/desktop-group-${l.lang}.png`,
              import.meta.url,
            );
            await page.screenshot({
              path: file.pathname,
              animations: "disabled",
              caret: "hide",
            });
          }
        } finally {
          await context.close();
        }
      });
    }

    await t.step("German: “12,50” typed records 1250 minor units", async () => {
      const { context, page, groupId, owner } = await signedUpWithGroup(
        app,
        browser,
        "de-DE",
      );
      try {
        await addExpenseInUi(page, { description: "Kaffee", amount: "12,50" });
        assert.equal(await expenseTotal(page, "Kaffee"), `12,50${SPACE}€`);
        const list = await eventually("the expense on the server", async () => {
          const r = await owner.get(`/v1/groups/${groupId}/expenses?q=Kaffee`);
          return r.body.items?.length === 1 ? r.body.items : undefined;
        });
        assert.equal(list[0].total.amount, "12.50"); // 1250 minor units of EUR
      } finally {
        await context.close();
      }
    });
  } finally {
    await browser.close();
  }
});

Deno.test("right-to-left names render with dir=auto, and the account page switches the language", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { context, page, groupId, owner } = await signedUpWithGroup(
      app,
      browser,
      "en-US",
    );
    try {
      const arabic = "سارة الحسيني";
      const added = await owner.post(`/v1/groups/${groupId}/members`, {
        name: arabic,
        role: "member",
      });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      await page.goto(`/groups/${groupId}/members`);
      const name = page.getByTestId("member-name").filter({ hasText: arabic });
      await name.waitFor();
      assert.equal(await name.getAttribute("dir"), "auto");
      assert.equal(
        // deno-lint-ignore no-explicit-any
        await name.evaluate((el) => (globalThis as any).getComputedStyle(el).direction),
        "rtl",
      );
      // The page around it stays left-to-right.
      assert.equal(
        await page.locator("main").evaluate((el) =>
          // deno-lint-ignore no-explicit-any
          (globalThis as any).getComputedStyle(el).direction
        ),
        "ltr",
      );

      // The switch: German, kept across a reload, then back to the browser's language.
      await page.goto("/account");
      await page.getByTestId("locale-select").selectOption("de");
      await page.getByRole("heading", { name: "Konto", exact: true }).waitFor();
      assert.equal(await page.locator("html").getAttribute("lang"), "de");
      await page.reload();
      await page.getByRole("heading", { name: "Sprache", exact: true })
        .waitFor();
      await page.getByTestId("locale-select").selectOption("");
      await page.getByRole("heading", { name: "Account", exact: true })
        .waitFor();
      assert.equal(
        await page.evaluate(() => localStorage.getItem("kopek.locale")),
        null,
      );
    } finally {
      await context.close();
    }
  } finally {
    await browser.close();
  }
});

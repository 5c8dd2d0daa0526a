/**
 * Issue 16, item 7 ("Forms and words"), in Chromium: a payer amount that
 * cannot be edited does not look editable; a split by percent or shares shows
 * no error before anything is typed; "Fill equally" in percent splits the
 * money equally, to the cent; each error stands next to its field, in
 * sentence case, named by the field's aria-describedby; the currency list
 * has no fund codes and names every currency; a control's accessible name
 * holds its visible label; the member name has a counter, not a maxlength.
 * Activity's words are in `words_activity.int_test.ts`.
 */
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { eventually, launchBrowser, openGroupWithPlaceholders, startApp } from "./_browser.ts";

/** The parts of the DOM the checks read in the page (this file is type-checked without the DOM library). */
interface El {
  closest(selector: string): El | null;
  contains(other: unknown): boolean;
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface Dom {
  getComputedStyle(
    e: unknown,
  ): { backgroundColor: string; borderTopStyle: string };
  document: { getElementById(id: string): El | null };
}

/** The ids `locator`'s aria-describedby names. */
async function describedBy(locator: Locator): Promise<string[]> {
  return ((await locator.getAttribute("aria-describedby")) ?? "").split(/\s+/)
    .filter(Boolean);
}

/** The error shown for `field`: it is named by the field's aria-describedby, shown, near it (same field or fieldset), in sentence case. */
async function assertErrorBeside(
  field: Locator,
  error: Locator,
  what: string,
) {
  await error.waitFor();
  const id = await error.getAttribute("id");
  assert.ok(id, `${what}: the error has an id`);
  assert.ok(
    (await describedBy(field)).includes(id!),
    `${what}: the field's aria-describedby names ${id}`,
  );
  assert.equal(
    await field.getAttribute("aria-invalid"),
    "true",
    `${what}: aria-invalid`,
  );
  const text = (await error.textContent())!.trim();
  assert.match(text, /^[A-Z]/, `${what}: "${text}" starts with a capital`);
  const near = await field.evaluate((f, errorId) => {
    const { document } = globalThis as unknown as Dom;
    const box = (f as unknown as El).closest(".field, fieldset");
    return box !== null && box.contains(document.getElementById(errorId));
  }, id!);
  assert.ok(near, `${what}: the error is in the field's own box`);
}

async function openNewExpense(page: Page): Promise<void> {
  await page.getByTestId("add-expense").click();
  await page.getByTestId("expense-form").waitFor();
}

Deno.test("words: the expense form's fields, hints, errors and Fill equally", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { page } = await openGroupWithPlaceholders(
      app,
      browser,
      "Forms",
      "Ana",
      ["Bea", "Chen"],
    );
    await openNewExpense(page);
    await page.getByTestId("expense-description-input").fill("Flat deposit");
    await page.getByTestId("expense-amount-input").fill("10000.00");

    // A payer amount that cannot be typed in does not look like one that can.
    await page.getByTestId("payer-mode-multiple").check();
    const amounts = page.getByTestId("payer-amount");
    await eventually(
      "one payer checked",
      async () =>
        (await page.locator("[data-testid=payer-amount]:not([disabled])")
            .count()) === 1
          ? true
          : undefined,
    );
    const look = (l: Locator) =>
      l.evaluate((e) => {
        const s = (globalThis as unknown as Dom).getComputedStyle(e);
        return { background: s.backgroundColor, border: s.borderTopStyle };
      });
    const enabled = await look(
      page.locator("[data-testid=payer-amount]:not([disabled])"),
    );
    const disabled = await look(
      page.locator("[data-testid=payer-amount][disabled]").first(),
    );
    assert.notDeepEqual(
      disabled,
      enabled,
      "a disabled payer amount looks different",
    );
    assert.notEqual(
      disabled.background,
      enabled.background,
      "not the same white box",
    );
    assert.equal(await amounts.count(), 3);
    await page.getByTestId("payer-mode-single").check();

    // Percent and shares, nothing typed yet: a hint, no error, nothing marked invalid.
    for (const mode of ["percent", "shares", "exact"]) {
      await page.getByTestId(`split-mode-${mode}`).check();
      const status = page.getByTestId("split-preview-status");
      assert.equal(
        await status.getAttribute("data-state"),
        "hint",
        `${mode}: a hint`,
      );
      assert.equal(
        await page.locator("form .error-text").count(),
        0,
        `${mode}: no error shown`,
      );
      assert.equal(
        await page.locator("form [aria-invalid=true]").count(),
        0,
        `${mode}: nothing invalid`,
      );
      assert.match(
        (await status.textContent())!.trim(),
        /^Enter /,
        `${mode}: says what to enter`,
      );
    }

    // Fill equally in percent mode: each person's share is the equal split of the money.
    await page.getByTestId("split-mode-percent").check();
    await page.getByTestId("split-fill").click();
    const shares = async () => {
      const out: string[] = [];
      for (const s of await page.getByTestId("share-preview").all()) {
        out.push((await s.getAttribute("data-amount"))!);
      }
      return out;
    };
    assert.deepEqual(await shares(), ["3333.34", "3333.33", "3333.33"]);
    await page.getByTestId("split-fill-note").waitFor();
    // A new amount refills the percentages as long as they are as filled.
    await page.getByTestId("expense-amount-input").fill("10.00");
    await eventually("the shares of 10.00", async () => {
      const s = await shares();
      return s.join() === "3.34,3.33,3.33" ? s : undefined;
    });

    // Typed percentages that miss 100: the error sits in the split, in sentence case.
    await page.getByTestId("split-percent").first().fill("50");
    await page.getByTestId("expense-submit").click();
    const status = page.getByTestId("split-preview-status");
    await page.locator("[data-testid=split-preview-status][data-state=error]")
      .waitFor();
    assert.match((await status.textContent())!.trim(), /^Percentages sum to/);
    await assertErrorBeside(
      page.getByTestId("split-percent").first(),
      status,
      "percent",
    );

    // An amount with too many decimals: the error under the amount.
    await page.getByTestId("split-mode-equal").check();
    await page.getByTestId("expense-amount-input").fill("12.345");
    await page.getByTestId("expense-submit").click();
    await assertErrorBeside(
      page.getByTestId("expense-amount-input"),
      page.getByTestId("expense-amount-error"),
      "amount",
    );
    await page.getByTestId("expense-amount-input").fill("");
    await page.getByTestId("expense-submit").click();
    assert.equal(
      (await page.getByTestId("expense-amount-error").textContent())!.trim(),
      "Enter the amount",
    );

    // Payers that do not add up: the error in the payers' box, named by their amounts.
    await page.getByTestId("expense-amount-input").fill("30.00");
    await page.getByTestId("payer-mode-multiple").check();
    const first = page.locator("[data-testid=payer-amount]:not([disabled])")
      .first();
    await first.fill("20.00");
    await page.getByTestId("expense-submit").click();
    await assertErrorBeside(
      first,
      page.getByTestId("expense-payers-error"),
      "payers",
    );
    assert.match(
      (await page.getByTestId("expense-payers-error").textContent())!,
      /^Payers' amounts sum to 20\.00/,
    );
    assert.ok(
      new URL(page.url()).pathname.endsWith("/expenses/new"),
      "still on the form",
    );
  } finally {
    await browser.close();
  }
});

Deno.test("words: currencies are named with no fund codes; names hold labels; member names have a counter", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { page, groupId: g, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Labels",
      "Ana",
      ["Bea"],
    );
    // Bea owes Ana: the settle-up row has its button.
    const e = await owner.post(`/v1/groups/${g}/expenses`, {
      description: "Lunch",
      total: { amount: "20.00", currency: "EUR" },
      date: "2026-11-20",
      paidBy: [{ memberId: ids.Ana, amount: "20.00" }],
      split: {
        mode: "equal",
        shares: [{ memberId: ids.Ana }, { memberId: ids.Bea }],
      },
    });
    assert.equal(e.status, 201, JSON.stringify(e.body));

    await page.goto(`/groups/${g}`);
    await page.getByTestId("settle-button").first().waitFor();
    // Every control whose aria-label differs from its text still holds the text (WCAG 2.5.3).
    const mismatched = await page.$$eval(
      "button[aria-label], a[aria-label]",
      (els) =>
        els.map((el) => ({
          text: (el.textContent ?? "").replace(/\s+/g, " ").trim(),
          label: el.getAttribute("aria-label") ?? "",
        })).filter((x) =>
          /\w/.test(x.text) &&
          !x.label.toLowerCase().includes(x.text.toLowerCase())
        ),
    );
    assert.deepEqual(
      mismatched,
      [],
      "accessible names hold their visible labels",
    );

    // The currency list: no ISO 4217 fund codes, and a name for every currency.
    await page.goto(`/groups/${g}/expenses/new`);
    await page.getByTestId("expense-form").waitFor();
    const options = await page.getByTestId("expense-currency-input").locator(
      "option",
    )
      .allTextContents();
    const codes = options.map((o) => o.slice(0, 3));
    for (
      const fund of [
        "BOV",
        "CHE",
        "CHW",
        "CLF",
        "COU",
        "MXV",
        "USN",
        "UYI",
        "UYW",
      ]
    ) {
      assert.ok(!codes.includes(fund), `${fund} is not offered`);
    }
    assert.ok(options.length > 100, `${options.length} currencies`);
    const unnamed = options.filter((o) => !/^[A-Z]{3} · \S/.test(o));
    assert.deepEqual(unnamed, [], "every currency has a name");
    assert.match(
      options.find((o) => o.startsWith("JPY")) ?? "",
      /^JPY · Japanese yen$/i,
    );

    // The member name: no maxlength, a counter, a message, nothing added.
    await page.goto(`/groups/${g}/members`);
    const name = page.getByTestId("add-member-name");
    await name.waitFor();
    assert.equal(await name.getAttribute("maxlength"), null, "no maxlength");
    await name.fill("M".repeat(130));
    assert.equal((await name.inputValue()).length, 130, "nothing cut");
    assert.equal(
      (await page.getByTestId("add-member-name-count").textContent())!.trim(),
      "130 / 120: 10 too many",
    );
    await page.getByTestId("add-member-submit").click();
    await assertErrorBeside(
      name,
      page.getByTestId("add-member-name-error"),
      "member name",
    );
    assert.match(
      (await page.getByTestId("add-member-name-error").textContent())!,
      /130 characters long; it can be at most 120/,
    );
    assert.equal(
      await page.getByTestId("member-row").count(),
      2,
      "nobody added",
    );
  } finally {
    await browser.close();
  }
});

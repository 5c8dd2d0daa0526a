/**
 * Payments in Chromium: Enter on a focused settle-up button opens the payment
 * dialog (it records nothing); a partial payment recorded through the dialog
 * shows in the expense list as "Ben paid Ana 20.00"; it opens, is edited (and
 * an edit undone), is voided and the void undone, with the balances right after each step; the
 * CSV export lists it with its kind.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  addExpenseInUi,
  eventually,
  expenseRow,
  groupHead,
  launchBrowser,
  openGroupWithPlaceholders,
  readAt,
  sameAmounts,
  shownBalances,
  startApp,
} from "./_browser.ts";

/** Waits until the payment page shows this amount, confirmed (nothing pending or refused). */
async function paymentPageShows(page: Page, what: string, amount: string) {
  await eventually(what, async () => {
    const shown = await page.getByTestId("payment-detail-amount").getAttribute(
      "data-amount",
    );
    const title = (await page.getByTestId("payment-title").innerText()).replace(
      /\s+/g,
      " ",
    );
    if (shown === amount && !/pending|voiding|refused/.test(title)) return true;
    throw new Error(`shows ${shown}, title "${title}"`);
  });
}

/** Waits until the group page shows exactly these balances (member id → amount). */
async function balancesBecome(
  page: Page,
  what: string,
  expected: Record<string, string>,
) {
  await eventually(what, async () => {
    const shown = await shownBalances(page);
    return sameAmounts(shown, expected) ? true : undefined;
  });
}

Deno.test("payments: a partial payment through the dialog, listed with its look, edited, voided and the void undone; in the CSV", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { context, page, groupId, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Trip",
      "Ana",
      ["Ben"],
    );
    await addExpenseInUi(page, { description: "Dinner", amount: "60.00" });
    await expenseRow(page, "Dinner").waitFor();
    await balancesBecome(page, "Ben owes Ana 30.00", {
      [ids.Ana]: "30.00",
      [ids.Ben]: "-30.00",
    });

    // Enter on the focused settle-up button opens the dialog, prefilled; nothing is recorded.
    await page.locator("[data-testid=connection-status][data-pending='0']")
      .waitFor();
    const settle = page.getByTestId("settle-row").filter({
      has: page.getByTestId("settle-button"),
    })
      .first();
    await settle.getByTestId("settle-button").focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId("payment-dialog");
    await dialog.waitFor();
    assert.equal(
      await dialog.getByTestId("payment-from").inputValue(),
      ids.Ben,
    );
    assert.equal(await dialog.getByTestId("payment-to").inputValue(), ids.Ana);
    assert.equal(
      await dialog.getByTestId("payment-amount").inputValue(),
      "30.00",
    );
    assert.equal(await page.getByTestId("payment-row").count(), 0);
    assert.equal(
      await page.locator("[data-testid=connection-status]").getAttribute(
        "data-pending",
      ),
      "0",
    );

    // A partial payment, confirmed.
    await dialog.getByTestId("payment-amount").fill("20.00");
    await dialog.getByTestId("payment-note").fill("cash");
    await dialog.getByTestId("payment-confirm").click();
    await dialog.waitFor({ state: "hidden" });
    const row = page.getByTestId("payment-row");
    await row.waitFor();
    await eventually(
      "the payment row confirmed",
      async () => (await row.getAttribute("data-pending")) === "" ? true : undefined,
    );
    assert.equal(
      (await row.getByTestId("payment-text").innerText()).trim(),
      "Ben paid Ana",
    );
    assert.equal(
      await row.getByTestId("payment-amount").getAttribute("data-amount"),
      "20.00",
    );
    await balancesBecome(page, "Ben owes Ana 10.00", {
      [ids.Ana]: "10.00",
      [ids.Ben]: "-10.00",
    });

    // It opens, and is edited through the same dialog.
    await row.getByTestId("payment-link").click();
    await page.getByTestId("payment-title").waitFor();
    assert.match(
      await page.getByTestId("payment-title").innerText(),
      /Ben paid Ana/,
    );
    assert.equal(
      await page.getByTestId("payment-detail-note").innerText(),
      "cash",
    );
    await page.getByTestId("payment-edit").click();
    await dialog.waitFor();
    assert.equal(
      await dialog.getByTestId("payment-amount").inputValue(),
      "20.00",
    );
    await dialog.getByTestId("payment-amount").fill("25.00");
    await dialog.getByTestId("payment-confirm").click();
    await dialog.waitFor({ state: "hidden" });
    await paymentPageShows(page, "the edit on the payment page", "25.00");
    // A second edit, undone from its toast: another edit back to 25.00.
    await page.getByTestId("payment-edit").click();
    await dialog.waitFor();
    await dialog.getByTestId("payment-amount").fill("26.00");
    await dialog.getByTestId("payment-confirm").click();
    await dialog.waitFor({ state: "hidden" });
    await paymentPageShows(
      page,
      "the second edit on the payment page",
      "26.00",
    );
    await page.getByTestId("toast").filter({ hasText: "Payment changed" })
      .last()
      .getByTestId("toast-action").click();
    await paymentPageShows(page, "the edit undone", "25.00");
    await page.getByRole("link", { name: /Trip/ }).first().click();
    await balancesBecome(page, "Ben owes Ana 5.00", {
      [ids.Ana]: "5.00",
      [ids.Ben]: "-5.00",
    });
    await eventually(
      "the edited row",
      async () =>
        (await row.getByTestId("payment-amount").getAttribute(
            "data-amount",
          )) === "25.00"
          ? true
          : undefined,
    );

    // Voided: it leaves the list and the balances; undone: it is back, as it was.
    await row.getByTestId("payment-link").click();
    await page.getByTestId("payment-void").click();
    await page.getByTestId("payment-void-confirm").click();
    await page.waitForURL((u) => u.pathname === `/groups/${groupId}`);
    const undo = page.getByTestId("toast").filter({ hasText: "Payment voided" })
      .getByTestId("toast-action");
    await undo.waitFor();
    await balancesBecome(page, "the void: back to 30.00", {
      [ids.Ana]: "30.00",
      [ids.Ben]: "-30.00",
    });
    await eventually(
      "the voided payment off the list",
      async () => (await row.count()) === 0 ? true : undefined,
    );
    await undo.click();
    await balancesBecome(page, "the undo: 5.00 again", {
      [ids.Ana]: "5.00",
      [ids.Ben]: "-5.00",
    });
    await eventually(
      "the payment back in the list",
      async () =>
        (await row.count()) === 1 &&
          (await row.getAttribute("data-pending")) === "" &&
          (await row.getByTestId("payment-amount").getAttribute(
              "data-amount",
            )) === "25.00"
          ? true
          : undefined,
    );

    // The server agrees: one payment of 25.00 from Ben to Ana, with its note; and the CSV lists it.
    // The list is read at the group's head: the balances shown above say only that the balances
    // projection caught up, not the list's.
    const listed = await readAt(
      owner,
      `/v1/groups/${groupId}/expenses?kind=settlement`,
      await groupHead(app, groupId),
    );
    assert.equal(listed.body.items.length, 1);
    const [payment] = listed.body.items;
    assert.deepEqual([
      payment.from,
      payment.to,
      payment.amount.amount,
      payment.note,
    ], [
      ids.Ben,
      ids.Ana,
      "25.00",
      "cash",
    ]);
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-csv").click(),
    ]);
    const lines = (await Deno.readTextFile(await file.path())).trim().split(
      "\r\n",
    );
    assert.ok(lines[0].endsWith(",note,kind,items"), lines[0]);
    assert.ok(
      lines.some((l) =>
        l.includes(",Ben paid Ana,,25.00,EUR,") &&
        l.endsWith(",cash,settlement,")
      ),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) => l.includes(",Dinner,") && l.endsWith(",expense,")),
    );
    await context.close();
  } finally {
    await browser.close();
  }
});

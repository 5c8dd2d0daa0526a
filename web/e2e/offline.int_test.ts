/**
 * Offline first, in a real browser: once the service worker controls the
 * page, the network goes away (`context.setOffline(true)`), the page is
 * reloaded (the service worker serves the app, IndexedDB the data) and used:
 * three expenses, a settlement from the settle-up plan, an edit of one of the
 * expenses. Nothing reaches the server while offline. Back online, the
 * outbox drains and every change reaches the server exactly once (the
 * group's event stream: 3 ExpenseRecorded, 1 SettlementRecorded,
 * 1 ExpenseAmended, each from its own command), and the balances the page
 * shows equal the server's.
 */
import assert from "node:assert/strict";
import { createPostgresEventStore } from "@kopek/eventstore";
import { groupStream } from "@kopek/domain";
import {
  addExpenseInUi,
  eventually,
  expenseRow,
  fillExpenseForm,
  launchBrowser,
  openGroupWithPlaceholders,
  sameAmounts,
  serverBalances,
  shownBalances,
  startApp,
} from "./_browser.ts";

Deno.test("offline: reload, three expenses, a settlement and an edit reach the server exactly once", async () => {
  await using app = await startApp();
  const store = createPostgresEventStore(app.db.sql);
  const browser = await launchBrowser();
  try {
    const { context, page, groupId, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Porto weekend",
      "Ana",
      ["Bea", "Chen"],
    );
    // The service worker is active and controls the page (it precached the app when it installed).
    await page.waitForFunction(() =>
      // deno-lint-ignore no-explicit-any
      (globalThis as any).navigator.serviceWorker?.controller?.state ===
        "activated"
    );
    const before = (await store.readStream(groupStream(groupId))).length;

    // Offline, and reloaded: the app still loads, with the group.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("group-title").waitFor();
    await page.locator("[data-testid=connection-status][data-state=offline]")
      .waitFor();
    await eventually(
      "the cached balances after the reload",
      async () => (await page.getByTestId("balance-row").count()) === 3 ? true : undefined,
    );

    await addExpenseInUi(page, {
      description: "Apartment",
      amount: "300.00",
      category: "lodging",
      payer: ids.Ana,
    });
    await addExpenseInUi(page, {
      description: "Francesinhas",
      amount: "90.00",
      category: "food",
      payer: ids.Bea,
    });
    await addExpenseInUi(page, {
      description: "Port cellar tour",
      amount: "45.00",
      category: "entertainment",
      payer: ids.Chen,
      among: [ids.Ana, ids.Chen],
    });
    for (const d of ["Apartment", "Francesinhas", "Port cellar tour"]) {
      await expenseRow(page, d).locator("[data-testid=pending-badge]")
        .waitFor();
    }

    // Settle up: record the first payment of the (optimistic) plan.
    const plan = page.getByTestId("settle-row").first();
    await plan.waitFor();
    const transfer = {
      from: (await plan.getAttribute("data-from"))!,
      to: (await plan.getAttribute("data-to"))!,
      amount: (await plan.getAttribute("data-amount"))!,
    };
    await plan.getByTestId("settle-button").click();
    // The dialog comes prefilled with the plan's transfer; it is recorded once confirmed.
    await page.getByTestId("payment-dialog").getByTestId("payment-confirm").click();
    await page.locator("[data-testid=connection-status][data-pending='4']")
      .waitFor();

    // The app tried to send them (and failed: offline), so an edit is queued after the record.
    await page.getByTestId("nav-outbox").click();
    await eventually("every queued command tried at least once", async () => {
      const items = await page.getByTestId("outbox-pending").allTextContents();
      return items.length === 4 && items.every((t) => /tried \d+×/.test(t)) ? true : undefined;
    });
    await page.goBack();
    await expenseRow(page, "Francesinhas").getByTestId("expense-description")
      .click();
    await page.getByTestId("expense-edit").click();
    await fillExpenseForm(page, {
      description: "Francesinhas and wine",
      amount: "96.60",
    });
    await expenseRow(page, "Francesinhas and wine").waitFor();
    await page.locator("[data-testid=connection-status][data-pending='5']")
      .waitFor();

    assert.equal(
      (await store.readStream(groupStream(groupId))).length,
      before,
      "nothing reached the server while offline",
    );

    // Online again: the outbox drains by itself.
    await context.setOffline(false);
    await page.locator(
      "[data-testid=connection-status][data-state=online][data-pending='0']",
    )
      .waitFor();
    const events = await eventually(
      "the five changes in the group's stream",
      async () => {
        const all = (await store.readStream(groupStream(groupId))).slice(
          before,
        );
        return all.length >= 5 ? all : undefined;
      },
    );
    const count = (type: string) => events.filter((e) => e.type === type).length;
    assert.deepEqual(
      {
        ExpenseRecorded: count("ExpenseRecorded"),
        SettlementRecorded: count("SettlementRecorded"),
        ExpenseAmended: count("ExpenseAmended"),
        total: events.length,
      },
      {
        ExpenseRecorded: 3,
        SettlementRecorded: 1,
        ExpenseAmended: 1,
        total: 5,
      },
    );
    assert.equal(
      new Set(events.map((e) => e.metadata.commandId)).size,
      5,
      "each event from its own command",
    );
    const data = (type: string) =>
      events.filter((e) => e.type === type).map((e) => e.data as Record<string, unknown>);
    assert.deepEqual(
      data("ExpenseRecorded").map((d) => d.description).sort(),
      ["Apartment", "Francesinhas", "Port cellar tour"],
    );
    const [amended] = data("ExpenseAmended");
    assert.equal(amended.description, "Francesinhas and wine");
    assert.deepEqual(amended.total, { amount: "96.60", currency: "EUR" });
    const [settled] = data("SettlementRecorded");
    assert.equal(settled.from, transfer.from);
    assert.equal(settled.to, transfer.to);
    assert.deepEqual(
      (settled.amount as { amount: string }).amount,
      transfer.amount,
    );

    // The page shows the server's balances (and no pending change any more).
    const position = Math.max(...events.map((e) => e.position));
    const expected = await serverBalances(owner, groupId, position);
    await eventually("the page's balances equal the server's", async () => {
      if (await page.getByTestId("balances-pending").count()) return undefined;
      const shown = await shownBalances(page);
      return sameAmounts(shown, expected) ? shown : undefined;
    });
    assert.equal(await page.locator("[data-testid=pending-badge]").count(), 0);
  } finally {
    await browser.close();
  }
});

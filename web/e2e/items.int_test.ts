/**
 * Issue 18, part 2, in Chromium (ADR 0050): an itemized bill typed in the
 * item editor, with a percentage tax and a fixed tip, shows each person's
 * share live (computed by the server's own itemize code), saves as one
 * expense whose shares the detail page and the balances show, and a refund
 * moves the balances the other way.
 */
import assert from "node:assert/strict";
import {
  eventually,
  launchBrowser,
  openGroupWithPlaceholders,
  serverBalances,
  startApp,
} from "./_browser.ts";

Deno.test("items: an itemized bill with tax and tip, its live preview, its detail and the balances", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { page, groupId, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Dinner club",
      "Ana",
      ["Bea"],
    );
    await page.getByTestId("add-expense").click();
    await page.getByTestId("expense-form").waitFor();
    await page.getByTestId("expense-description-input").fill("Luigi's");
    await page.getByTestId("split-itemized").check();
    const editor = page.getByTestId("item-editor");
    await editor.waitFor();

    // Pizza for Ana; wine for Ana and Bea.
    await page.getByTestId("item-add").click();
    await page.getByTestId("item-add").click();
    const rows = page.getByTestId("item-row");
    const who = (row: number, name: string) =>
      rows.nth(row).locator(`[data-testid=item-who][data-member-id="${ids[name]}"]`);
    await rows.nth(0).getByTestId("item-description").fill("Pizza");
    await rows.nth(0).getByTestId("item-amount").fill("20.00");
    await who(0, "Ana").check();
    await who(0, "Bea").uncheck();
    await rows.nth(1).getByTestId("item-description").fill("Wine");
    await rows.nth(1).getByTestId("item-amount").fill("30,00");
    await who(1, "Ana").check();
    await who(1, "Bea").check();
    // 10 % tax (5.00) and a 3.50 tip: 8.50 of charges, spread 35 : 15.
    await page.getByTestId("charge-tax").fill("10");
    await page.getByTestId("charge-tax-percent").check();
    await page.getByTestId("charge-tip").fill("3.50");
    await page.getByTestId("charge-tip-percent").uncheck();

    const preview = (name: string) =>
      page.locator(`[data-testid=item-preview-row][data-member-id="${ids[name]}"]`);
    await eventually(
      "the live preview",
      async () => (await preview("Bea").getAttribute("data-amount")) === "17.55" ? true : undefined,
    );
    assert.equal(await preview("Ana").getAttribute("data-amount"), "40.95");
    assert.equal(await page.getByTestId("item-total").getAttribute("data-amount"), "58.50");
    assert.equal(await page.getByTestId("expense-amount-input").inputValue(), "58.50");
    // The preview follows every change: a 4.00 tip makes it 59.00.
    await page.getByTestId("charge-tip").fill("4.00");
    await eventually(
      "the preview after the tip",
      async () =>
        (await page.getByTestId("item-total").getAttribute("data-amount")) === "59.00"
          ? true
          : undefined,
    );
    await page.getByTestId("charge-tip").fill("3.50");
    await eventually(
      "the preview back",
      async () => (await preview("Bea").getAttribute("data-amount")) === "17.55" ? true : undefined,
    );

    await page.getByTestId("expense-submit").click();
    await page.waitForURL((u) => /^\/groups\/[^/]+$/.test(u.pathname), { timeout: 15_000 });

    // On the server: one expense, its items and charges as typed, the shares of the preview.
    const saved = await eventually("the expense on the server", async () => {
      const list = await owner.get(`/v1/groups/${groupId}/expenses`);
      return list.body.items?.length === 1 ? list.body.items[0] : undefined;
    }, 60_000);
    assert.equal(saved.total.amount, "58.50");
    assert.deepEqual(
      saved.items.map((i: { description: string; amount: string }) => [i.description, i.amount]),
      [
        ["Pizza", "20.00"],
        ["Wine", "30.00"],
      ],
    );
    assert.deepEqual(saved.charges, { tax: { percent: "10" }, tip: { amount: "3.50" } });
    assert.deepEqual(
      Object.fromEntries(
        saved.shares.map((s: { memberId: string; amount: string }) => [s.memberId, s.amount]),
      ),
      { [ids.Ana]: "40.95", [ids.Bea]: "17.55" },
    );

    // The balances: Ana paid 58.50 and owes 40.95.
    const balance = (name: string) =>
      page.locator(`[data-testid=balance-row][data-member-id="${ids[name]}"]`).getByTestId(
        "balance-amount",
      );
    await eventually(
      "Bea's balance",
      async () => /17[.,]55/.test((await balance("Bea").textContent()) ?? "") ? true : undefined,
      60_000,
    );
    assert.match((await balance("Ana").textContent())!, /17[.,]55/);

    // The detail page: the items, the charges and the shares.
    await page.locator(`[data-testid=expense-row][data-expense-id="${saved.id}"]`).getByTestId(
      "expense-link",
    ).click();
    await page.getByTestId("expense-items").waitFor();
    assert.equal(await page.getByTestId("expense-item").count(), 2);
    assert.match(
      (await page.getByTestId("expense-items").textContent())!,
      /Pizza[\s\S]*Wine[\s\S]*Tax[\s\S]*10 %[\s\S]*Tip/,
    );
    const share = (name: string) =>
      page.locator(`[data-testid=expense-share][data-member-id="${ids[name]}"]`);
    assert.match((await share("Ana").textContent())!, /40[.,]95/);
    assert.match((await share("Bea").textContent())!, /17[.,]55/);
    assert.match((await page.getByTestId("expense-detail-split").textContent())!, /by items/);

    // A refund from the form: Bea gets 10.00 back for the two of them, so she owes Ana 5.00 more.
    await page.goto(`/groups/${groupId}/expenses/new`);
    await page.getByTestId("expense-form").waitFor();
    await page.getByTestId("expense-description-input").fill("Corkage refund");
    await page.getByTestId("expense-amount-input").fill("10.00");
    await page.getByTestId("payer-select").selectOption(ids.Bea);
    await page.getByTestId("expense-refund").check();
    await eventually(
      "the refund's preview",
      async () =>
        (await page.locator(`[data-testid=share-preview][data-member-id="${ids.Ana}"]`)
            .getAttribute("data-amount")) === "-5.00"
          ? true
          : undefined,
    );
    await page.getByTestId("expense-submit").click();
    await page.waitForURL((u) => /^\/groups\/[^/]+$/.test(u.pathname), { timeout: 15_000 });
    // Bea got 10.00 back, half of it Ana's: Bea −17.55 + (−10.00 − (−5.00)) = −22.55; Ana +22.55.
    await eventually(
      "the balances after the refund",
      async () => /22[.,]55/.test((await balance("Bea").textContent()) ?? "") ? true : undefined,
      60_000,
    );
    // On the server too, once the outbox has sent it (the PWA shows its own balances at once).
    // The list's Kopek-Position is only a lower bound of what it shows (the refund's row may have
    // been applied after it was read), so wait on the position of the refund's own event.
    const refundPosition = await eventually("the refund's event on the server", async () => {
      const log = await owner.get(`/v1/groups/${groupId}/events?after=0`);
      const events = (log.body.items ?? []) as { position: number; type: string }[];
      const recorded = events.filter((e) => e.type === "ExpenseRecorded");
      return recorded.length === 2 ? recorded[1].position : undefined;
    }, 60_000);
    assert.deepEqual(
      await serverBalances(owner, groupId, refundPosition),
      { [ids.Ana]: "22.55", [ids.Bea]: "-22.55" },
    );
  } finally {
    await browser.close();
  }
});

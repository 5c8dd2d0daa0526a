/**
 * A queued command the server refuses while the outbox syncs: offline, Ana
 * queues four expenses; the second splits with Bea, a placeholder who owes
 * nothing, whom the owner removes through the API meanwhile. Back online, the
 * server refuses that one expense and applies the others: the group page
 * marks it refused with the server's reason, the outbox page lists it with
 * its error (to fix or discard), the header counts it, and every other
 * command reached the server exactly once, in order.
 */
import assert from "node:assert/strict";
import { createPostgresEventStore } from "@kopek/eventstore";
import { groupStream } from "@kopek/domain";
import {
  addExpenseInUi,
  eventually,
  type ExpenseInput,
  expenseRow,
  launchBrowser,
  openGroupWithPlaceholders,
  sameAmounts,
  serverBalances,
  shownBalances,
  startApp,
} from "./_browser.ts";

Deno.test("rejected: a refused command shows its error, and nothing else in the queue is lost", async () => {
  await using app = await startApp();
  const store = createPostgresEventStore(app.db.sql);
  const browser = await launchBrowser();
  try {
    const { context, page, groupId, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Flat share",
      "Ana",
      ["Bea", "Chen"],
    );
    const before = (await store.readStream(groupStream(groupId))).length;

    await context.setOffline(true);
    await page.locator("[data-testid=connection-status][data-state=offline]")
      .waitFor();
    const queued: ExpenseInput[] = [
      {
        description: "Cleaning supplies",
        amount: "18.40",
        among: [ids.Ana, ids.Chen],
      },
      {
        description: "Boat trip",
        amount: "120.00",
        category: "entertainment",
        among: [ids.Ana, ids.Bea, ids.Chen],
      },
      {
        description: "Internet, March",
        amount: "35.00",
        category: "utilities",
        payer: ids.Chen,
        among: [ids.Ana, ids.Chen],
      },
      {
        description: "Groceries",
        amount: "62.15",
        category: "groceries",
        among: [ids.Ana, ids.Chen],
      },
    ];
    for (const e of queued) await addExpenseInUi(page, e);
    await page.locator("[data-testid=connection-status][data-pending='4']")
      .waitFor();

    // Meanwhile the owner removes Bea (her balance is zero: nothing of hers reached the server).
    const removed = await owner.delete(
      `/v1/groups/${groupId}/members/${ids.Bea}`,
    );
    assert.equal(removed.status, 200, JSON.stringify(removed.body));

    await context.setOffline(false);
    await page.locator(
      "[data-testid=connection-status][data-state=online][data-pending='0']",
    )
      .waitFor();

    // The refused one: marked in the list with the server's reason, counted in the header.
    const boat = expenseRow(page, "Boat trip");
    await boat.and(page.locator("[data-rejected=true]")).waitFor();
    await boat.getByTestId("rejected-badge").waitFor();
    const detail = (await boat.getByTestId("rejected-detail").textContent())!;
    assert.match(detail, /not an active member/);
    assert.match(
      (await page.getByTestId("outbox-rejected-count").textContent())!,
      /^1\s*refused$/,
    );

    // The outbox page lists it with its error, to fix or discard; nothing waits any more.
    await page.getByTestId("nav-outbox").click();
    const item = page.getByTestId("outbox-rejected");
    await item.waitFor();
    assert.equal(await item.count(), 1);
    assert.equal(await item.getAttribute("data-type"), "expense.record");
    assert.match(
      await item.getByTestId("outbox-label").innerText(),
      /^Boat trip/,
    );
    assert.match(
      await item.getByTestId("outbox-error").innerText(),
      /not an active member/,
    );
    await item.getByTestId("outbox-fix").waitFor();
    await item.getByTestId("outbox-discard").waitFor();
    await page.getByTestId("pending-empty").waitFor();

    // Every other command reached the server exactly once, in the order they were queued.
    const events = (await store.readStream(groupStream(groupId))).slice(before);
    const recorded = events.filter((e) => e.type === "ExpenseRecorded");
    assert.deepEqual(
      recorded.map((e) => (e.data as { description: string }).description),
      ["Cleaning supplies", "Internet, March", "Groceries"],
    );
    assert.equal(new Set(recorded.map((e) => e.metadata.commandId)).size, 3);
    assert.deepEqual(
      events.map((e) => e.type).filter((t) => t !== "ExpenseRecorded"),
      ["MemberDeactivated"],
    );

    // Back on the group page: the server's balances, the refused expense counting for nothing.
    await page.getByRole("link", { name: "Groups", exact: true }).click();
    await page.locator(`[data-group-id="${groupId}"]`).getByTestId("group-link")
      .click();
    await expenseRow(page, "Boat trip").getByTestId("rejected-badge").waitFor();
    const position = Math.max(...events.map((e) => e.position));
    const expected = await serverBalances(owner, groupId, position);
    await eventually("the page's balances equal the server's", async () => {
      const shown = await shownBalances(page);
      return sameAmounts(shown, expected) ? shown : undefined;
    });
  } finally {
    await browser.close();
  }
});

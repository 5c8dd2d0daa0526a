/**
 * An edit made offline that clashes with another member's edit (issue 16,
 * item 3; ADR 0041). Ana edits an expense offline (description and amount);
 * meanwhile Bea, online in her own browser, changes the amount and the note.
 * Ana reconnects: the server refuses her queued amend (412, it was made on
 * version 1), and the app says so in words, not "version 1 is stale". The
 * conflict screen shows both versions field by field with who changed what;
 * Ana keeps her description, takes Bea's amount and keeps Bea's note. The
 * merged amend is sent with the version Ana compared against as If-Match: Bea
 * changing the category once more before it arrives makes it conflict again
 * (compared from that version, nothing to decide) instead of overwriting her,
 * and the server ends with both people's changes.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { axeViolations } from "./_axe.ts";
import {
  type App,
  eventually,
  expenseBody,
  expenseRow,
  groupHead,
  launchBrowser,
  openGroupWithPlaceholders,
  readAt,
  signInInUi,
  startApp,
  unique,
} from "./_browser.ts";

/** The texts of a conflict row's cells (`conflict-mine`, `conflict-theirs`, `conflict-by`). */
async function cells(page: Page, field: string) {
  const row = page.locator(`[data-testid=conflict-field][data-field=${field}]`);
  await row.waitFor();
  return {
    row,
    mine: (await row.getByTestId("conflict-mine").innerText()).trim(),
    theirs: (await row.getByTestId("conflict-theirs").innerText()).trim(),
    by: (await row.getByTestId("conflict-by").innerText()).trim(),
    state: await row.getAttribute("data-state"),
  };
}

/**
 * Ana (signed up in the UI, owner) and Bea (joined through an invite, an API client) share a
 * group with one expense, "Groceries" 40.00 paid by Ana, split equally; Ana has it open on its
 * page, her service worker in control, and then loses the network.
 */
async function sharedExpenseOffline(app: App, browser: Browser) {
  const { context, page: ana, groupId, owner, ids } = await openGroupWithPlaceholders(
    app,
    browser,
    "Flat share",
    "Ana",
    [],
  );
  const beaEmail = `bea-${unique()}@e2e.test`;
  const { client: bea } = await app.api.register(beaEmail, "Bea");
  const invite = await owner.post(`/v1/groups/${groupId}/invites`, {
    role: "member",
  });
  assert.equal(invite.status, 201, JSON.stringify(invite.body));
  const joined = await bea.post(
    `/v1/invites/${invite.body.code}/accept`,
    undefined,
  );
  assert.equal(joined.status, 200, JSON.stringify(joined.body));
  const beaId = joined.body.id as string;

  const recorded = await owner.post(`/v1/groups/${groupId}/expenses`, {
    description: "Groceries",
    total: { amount: "40.00", currency: "EUR" },
    date: "2026-11-20",
    category: "groceries",
    paidBy: [{ memberId: ids.Ana, amount: "40.00" }],
    split: {
      mode: "equal",
      shares: [{ memberId: ids.Ana }, { memberId: beaId }],
    },
  });
  assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
  const expenseId = recorded.body.id as string;

  await ana.waitForFunction(() =>
    // deno-lint-ignore no-explicit-any
    (globalThis as any).navigator.serviceWorker?.controller?.state ===
      "activated"
  );
  await expenseRow(ana, "Groceries").getByTestId("expense-link").click();
  await ana.getByTestId("expense-edit").waitFor();
  await context.setOffline(true);
  await ana.locator("[data-testid=connection-status][data-state=offline]")
    .waitFor();
  return { context, ana, groupId, owner, ids, bea, beaEmail, expenseId };
}

Deno.test("conflict: an offline edit that clashes is shown side by side and merged without losing either change", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    // Ana opens the expense online, then loses the network and edits it.
    const { context, ana, groupId, owner, ids, bea, beaEmail, expenseId } =
      await sharedExpenseOffline(
        app,
        browser,
      );
    await ana.getByTestId("expense-edit").click();
    await ana.getByTestId("expense-description-input").fill("Weekly groceries");
    await ana.getByTestId("expense-amount-input").fill("45.00");
    await ana.getByTestId("expense-submit").click();
    await ana.waitForURL((u) => u.pathname === `/groups/${groupId}`);
    await ana.locator("[data-testid=connection-status][data-pending='1']")
      .waitFor();

    // Meanwhile Bea, online, changes the amount and the note.
    const beaPage = await (await browser.newContext({ baseURL: app.url }))
      .newPage();
    await signInInUi(beaPage, beaEmail);
    await beaPage.locator(`[data-group-id="${groupId}"]`).getByTestId(
      "group-link",
    ).click();
    await expenseRow(beaPage, "Groceries").getByTestId("expense-link").click();
    await beaPage.getByTestId("expense-edit").click();
    await beaPage.getByTestId("expense-amount-input").fill("48.00");
    await beaPage.getByTestId("expense-note-input").fill("with wine");
    await beaPage.getByTestId("expense-submit").click();
    await eventually("Bea's edit on the server", async () => {
      const e = await owner.get(`/v1/groups/${groupId}/expenses/${expenseId}`);
      return e.body.version === 2 ? e : undefined;
    });

    // Ana reconnects: her amend is refused, in words that say what happened.
    await context.setOffline(false);
    await ana.locator(
      "[data-testid=connection-status][data-state=online][data-pending='0']",
    )
      .waitFor();
    await ana.getByTestId("nav-outbox").click();
    const item = ana.getByTestId("outbox-rejected");
    await item.waitFor();
    const words = await item.getByTestId("outbox-error").innerText();
    assert.doesNotMatch(words, /stale|version \d/i);
    assert.match(words, /Bea|someone else/i);
    await item.getByTestId("outbox-fix").click();

    // The conflict screen: both versions, field by field, with who changed what.
    await ana.getByTestId("conflict").waitFor();
    const amount = await cells(ana, "amount");
    assert.match(amount.mine, /45\.00/);
    assert.match(amount.theirs, /48\.00/);
    assert.match(amount.by, /Bea/);
    assert.equal(amount.state, "both");
    const description = await cells(ana, "description");
    assert.equal(description.mine, "Weekly groceries");
    assert.equal(description.theirs, "Groceries");
    assert.equal(description.state, "mine");
    const note = await cells(ana, "note");
    assert.match(note.theirs, /with wine/);
    assert.match(note.by, /Bea/);
    assert.equal(note.state, "theirs");
    // On a phone too, without scrolling sideways.
    await ana.setViewportSize({ width: 360, height: 800 });
    const width = await ana.evaluate(() =>
      // deno-lint-ignore no-explicit-any
      (globalThis as any).document.documentElement.scrollWidth
    );
    assert.ok(width <= 360, `the conflict screen is ${width} px wide at 360 px`);
    assert.deepEqual(
      await axeViolations(ana, "the conflict screen"),
      [],
      "axe: no serious violation",
    );
    await ana.setViewportSize({ width: 1280, height: 720 });
    const category = ana.locator(
      "[data-testid=conflict-field][data-field=category]",
    );
    assert.equal(await category.getAttribute("data-state"), "same");

    // Merge: my description, her amount (and her note, which only she changed). Ana saves it
    // offline, and Bea changes the category meanwhile: the merged amend carries the version Ana
    // compared against (2) as If-Match, so it is refused again rather than overwriting Bea.
    await amount.row.getByTestId("conflict-take-theirs").check();
    await context.setOffline(true);
    await ana.locator("[data-testid=connection-status][data-state=offline]")
      .waitFor();
    await ana.getByTestId("conflict-save").click();
    await ana.waitForURL((u) => u.pathname === `/groups/${groupId}/expenses/${expenseId}`);
    const again = await bea.put(
      `/v1/groups/${groupId}/expenses/${expenseId}`,
      {
        ...(await expenseBody(owner, groupId, expenseId, await groupHead(app, groupId))),
        category: "food",
      },
      { "If-Match": '"2"' },
    );
    assert.equal(again.status, 200, JSON.stringify(again.body));
    await context.setOffline(false);
    await ana.locator(
      "[data-testid=connection-status][data-state=online][data-pending='0']",
    )
      .waitFor();
    await ana.getByTestId("resolve-conflict").click();

    // Compared again, from the version Ana resolved against: only the category is Bea's, and
    // nothing needs a decision.
    await ana.getByTestId("conflict").waitFor();
    const category2 = await cells(ana, "category");
    assert.equal(category2.state, "theirs");
    assert.match(category2.theirs, /Food/);
    assert.match(category2.by, /Bea/);
    const description2 = await cells(ana, "description");
    assert.equal(description2.state, "mine");
    for (const field of ["amount", "note"]) {
      const row = ana.locator(
        `[data-testid=conflict-field][data-field=${field}]`,
      );
      assert.equal(await row.getAttribute("data-state"), "same");
    }
    await ana.getByTestId("conflict-save").click();

    const final = await eventually(
      "the merged expense on the server",
      async () => {
        const e = await owner.get(
          `/v1/groups/${groupId}/expenses/${expenseId}`,
        );
        return e.body.version === 4 ? e.body : undefined;
      },
    );
    assert.equal(final.description, "Weekly groceries");
    assert.equal(final.total.amount, "48.00");
    assert.deepEqual(final.paidBy, [{ memberId: ids.Ana, amount: "48.00" }]);
    assert.equal(final.note, "with wine");
    assert.equal(final.category, "food");
    await ana.getByTestId("nav-outbox").click();
    await ana.getByTestId("rejected-empty").waitFor();
    await ana.getByTestId("pending-empty").waitFor();
  } finally {
    await browser.close();
  }
});

Deno.test("conflict: a void queued offline against an expense changed meanwhile shows what changed, then voids it as it stands", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { context, ana, groupId, owner, ids, bea, expenseId } = await sharedExpenseOffline(
      app,
      browser,
    );
    await ana.getByTestId("expense-void").click();
    await ana.getByTestId("void-confirm-yes").click();
    await ana.waitForURL((u) => u.pathname === `/groups/${groupId}`);
    await ana.locator("[data-testid=connection-status][data-pending='1']")
      .waitFor();

    // Bea raises the amount meanwhile.
    const changed = await bea.put(
      `/v1/groups/${groupId}/expenses/${expenseId}`,
      {
        ...(await expenseBody(owner, groupId, expenseId, await groupHead(app, groupId))),
        total: { amount: "64.00", currency: "EUR" },
        paidBy: [{ memberId: ids.Ana, amount: "64.00" }],
      },
      { "If-Match": '"1"' },
    );
    assert.equal(changed.status, 200, JSON.stringify(changed.body));

    // Back online: the void is refused (it was for version 1), in words, and not applied.
    await context.setOffline(false);
    await ana.locator(
      "[data-testid=connection-status][data-state=online][data-pending='0']",
    )
      .waitFor();
    await ana.getByTestId("nav-outbox").click();
    const item = ana.getByTestId("outbox-rejected");
    await item.waitFor();
    assert.equal(await item.getAttribute("data-type"), "expense.void");
    const words = await item.getByTestId("outbox-error").innerText();
    assert.doesNotMatch(words, /stale|version \d/i);
    assert.match(words, /void it or keep it/);
    // Read at the group's head: a read behind the void would say "not voided" whatever happened.
    const head = await groupHead(app, groupId);
    assert.equal(
      (await readAt(owner, `/v1/groups/${groupId}/expenses/${expenseId}`, head)).body.voided,
      false,
    );
    await item.getByTestId("outbox-fix").click();

    // What changed since the version Ana voided, and who changed it; then she voids it anyway.
    await ana.locator("[data-testid=conflict][data-kind=void]").waitFor();
    const amount = await cells(ana, "amount");
    assert.equal(amount.state, "theirs");
    assert.match(amount.mine, /40\.00/);
    assert.match(amount.theirs, /64\.00/);
    assert.match(amount.by, /Bea/);
    await ana.getByTestId("conflict-void").click();
    const final = await eventually(
      "the expense voided as it stood",
      async () => {
        const e = await owner.get(
          `/v1/groups/${groupId}/expenses/${expenseId}`,
        );
        return e.body.voided ? e.body : undefined;
      },
    );
    assert.equal(final.version, 3);
    assert.equal(final.total.amount, "64.00");
  } finally {
    await browser.close();
  }
});

/**
 * The expense page follows the server (issue 16, ADR 0040): Ana opens an
 * expense's link directly on a fresh device (she signs in, the group was never
 * opened there): she may edit it, so the Edit button shows; the group's other
 * screens opened so show the group and its members too, and the reports follow
 * an expense recorded meanwhile. While the page is
 * open, her other device (the API) amends the expense, then voids it: the
 * page shows the new amount, then says it was voided, live, and the same
 * after the device was offline and came back.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { KopekClient } from "@kopek/testing";
import {
  type App,
  eventually,
  expenseAt,
  expenseBody,
  groupHead,
  launchBrowser,
  openGroupWithPlaceholders,
  signInInUi,
  startApp,
} from "./_browser.ts";

/** Records an expense paid by `payer`, split equally among `among`; answers its id. */
async function record(
  owner: KopekClient,
  groupId: string,
  description: string,
  amount: string,
  payer: string,
  among: string[],
): Promise<string> {
  const r = await owner.post(`/v1/groups/${groupId}/expenses`, {
    description,
    total: { amount, currency: "EUR" },
    date: "2026-11-20",
    category: "food",
    paidBy: [{ memberId: payer, amount }],
    split: { mode: "equal", shares: among.map((memberId) => ({ memberId })) },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id as string;
}

/** Amends the amount (the payer pays all of it), as another device does, from the latest version. */
async function amendAmount(
  app: App,
  owner: KopekClient,
  groupId: string,
  expenseId: string,
  amount: string,
): Promise<void> {
  const head = await groupHead(app, groupId);
  const body = await expenseBody(owner, groupId, expenseId, head);
  const { version } = await expenseAt(owner, groupId, expenseId, head);
  const r = await owner.put(`/v1/groups/${groupId}/expenses/${expenseId}`, {
    ...body,
    total: { amount, currency: "EUR" },
    paidBy: [{ memberId: body.paidBy[0].memberId, amount }],
  }, { "If-Match": `"${version}"` });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** Voids it, as another device does, at the latest version. */
async function voidIt(
  app: App,
  owner: KopekClient,
  groupId: string,
  expenseId: string,
): Promise<void> {
  const { version } = await expenseAt(owner, groupId, expenseId, await groupHead(app, groupId));
  const r = await owner.delete(`/v1/groups/${groupId}/expenses/${expenseId}`, {
    "If-Match": `"${version}"`,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** Waits until the open expense page shows `amount` and follows `/live`. */
async function showsAmount(page: Page, amount: string): Promise<void> {
  await eventually(`the page shows ${amount}`, async () => {
    const shown = page.getByTestId("expense-detail-amount");
    if (!(await shown.count())) return undefined;
    return (await shown.getAttribute("data-amount")) === amount ? true : undefined;
  });
}

/** Waits until the reports page's total for the period is `amount`. */
async function reportTotalIs(page: Page, amount: string): Promise<void> {
  const total = page.getByTestId("report-total");
  await eventually(`the report's total is ${amount}`, async () => {
    if (!(await total.count())) return undefined;
    return (await total.innerText()).includes(amount) || undefined;
  });
}

/** Waits until the page says the expense was voided. */
async function showsVoided(page: Page): Promise<void> {
  await page.getByTestId("expense-voided").waitFor();
  assert.equal(
    await page.getByTestId("expense-edit").count(),
    0,
    "no Edit on a voided expense",
  );
}

Deno.test("detail converge: an expense opened directly on a fresh device can be edited, and follows amends and voids live and after a reconnect", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { groupId, email, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Lisbon",
      "Ana",
      ["Bob"],
    );
    const among = [ids.Ana, ids.Bob];
    const dinner = await record(
      owner,
      groupId,
      "Dinner",
      "60.00",
      ids.Ana,
      among,
    );
    const tram = await record(owner, groupId, "Tram", "12.00", ids.Ana, among);

    // Every other screen of the group, each opened by its link on a fresh device, shows the
    // group and its members.
    const checks: [string, (p: Page) => Promise<unknown>][] = [
      [
        "/members",
        (p) =>
          eventually(
            "both members",
            async () => (await p.getByTestId("member-row").count()) === 2 || undefined,
          ),
      ],
      [
        "/activity",
        (p) => p.getByRole("heading", { name: "Lisbon: activity" }).waitFor(),
      ],
      [
        "/reports",
        // And it follows: an expense recorded meanwhile shows in the total.
        async (p) => {
          await p.getByRole("heading", { name: "Lisbon: reports" }).waitFor();
          await reportTotalIs(p, "72.00");
          await record(owner, groupId, "Tickets", "30.00", ids.Ana, among);
          await reportTotalIs(p, "102.00");
        },
      ],
      [
        "/expenses/new",
        (p) =>
          p.locator(`[data-testid=payer-select] option[value="${ids.Bob}"]`)
            .waitFor({ state: "attached" }),
      ],
    ];
    for (const [path, shows] of checks) {
      const fresh = await browser.newContext({ baseURL: app.url });
      const page = await fresh.newPage();
      await signInInUi(page, email, `/groups/${groupId}${path}`);
      await shows(page);
      await fresh.close();
    }

    // While the first reads of the groups are on their way, a screen opened by its link on a fresh
    // device says "Loading…", not "Group not found": the group is not known to be missing yet.
    for (const path of ["", "/members", "/reports"]) {
      const fresh = await browser.newContext({ baseURL: app.url });
      const page = await fresh.newPage();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let asked = false;
      await page.route(new RegExp(`/v1/groups(/${groupId})?(\\?|$)`), async (route) => {
        asked = true;
        await held;
        await route.continue().catch(() => {}); // the page may be gone
      });
      await signInInUi(page, email, `/groups/${groupId}${path}`);
      await eventually(
        `${path || "/"}: the group is asked for`,
        () => Promise.resolve(asked || undefined),
      );
      await page.getByRole("status").filter({ hasText: "Loading…" }).first().waitFor();
      assert.equal(
        await page.getByText("Group not found").count(),
        0,
        `${path || "/"}: "Group not found" before the group was read`,
      );
      release();
      await page.getByRole("heading", { name: /Lisbon/ }).first().waitFor();
      await fresh.close();
    }

    // (a) A fresh device: the expense's link opened, then signed in. Ana may edit it.
    const context = await browser.newContext({ baseURL: app.url });
    const a = await context.newPage();
    await signInInUi(a, email, `/groups/${groupId}/expenses/${dinner}`);
    await a.getByTestId("expense-edit").waitFor();
    await showsAmount(a, "60.00");

    // (b) Live: her other device amends it, then voids it.
    await a.locator("[data-testid=expense-detail][data-live=live]").waitFor();
    await amendAmount(app, owner, groupId, dinner, "72.00");
    await showsAmount(a, "72.00");
    // The Edit button starts from the new version.
    await a.getByTestId("expense-edit").click();
    assert.equal(
      await a.getByTestId("expense-amount-input").inputValue(),
      "72.00",
    );
    await a.getByRole("button", { name: "Cancel editing" }).click();
    await voidIt(app, owner, groupId, dinner);
    await showsVoided(a);

    // (c) The same while the device is offline, seen once it is back.
    await a.goto(`/groups/${groupId}/expenses/${tram}`);
    await a.getByTestId("expense-edit").waitFor();
    await a.locator("[data-testid=expense-detail][data-live=live]").waitFor();
    await context.setOffline(true);
    await a.locator("[data-testid=connection-status][data-state=offline]")
      .waitFor();
    await amendAmount(app, owner, groupId, tram, "15.50");
    await context.setOffline(false);
    await showsAmount(a, "15.50");
    await a.locator("[data-testid=expense-detail][data-live=live]").waitFor();
    await context.setOffline(true);
    await a.locator("[data-testid=connection-status][data-state=offline]")
      .waitFor();
    await voidIt(app, owner, groupId, tram);
    await context.setOffline(false);
    await showsVoided(a);
  } finally {
    await browser.close();
  }
});

Deno.test("detail converge: reports computed on the device (a server without them) follow an expense recorded meanwhile", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { groupId, email, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Porto",
      "Ana",
      ["Bob"],
    );
    const among = [ids.Ana, ids.Bob];
    await record(owner, groupId, "Dinner", "60.00", ids.Ana, among);

    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    let intercepted = 0;
    await page.route(/\/v1\/groups\/[^/]+\/reports\/monthly/, (route) => {
      intercepted++;
      return route.fulfill({
        status: 404,
        contentType: "application/problem+json",
        body: JSON.stringify({ status: 404, title: "Not Found", code: "not_found" }),
      });
    });
    await signInInUi(page, email, `/groups/${groupId}/reports`);
    // Seen failing once in a loaded full run (not reproduced alone): on a timeout, say what the
    // page showed and whether the report requests were answered by the 404 above.
    await eventually(
      "the report computed on this device",
      async () =>
        (await page.locator("[data-testid=report-source][data-source=local]").count()) > 0 ||
        undefined,
      60_000,
    ).catch(async (e) => {
      const shown = (await page.locator("main").innerText().catch(() => "")).slice(0, 500);
      throw new Error(
        `${(e as Error).message}; report requests answered 404: ${intercepted}; the page: ${shown}`,
      );
    });
    await reportTotalIs(page, "60.00");
    await record(owner, groupId, "Tickets", "30.00", ids.Bob, among);
    await reportTotalIs(page, "90.00");
  } finally {
    await browser.close();
  }
});

/**
 * The PWA's read side converges (issue 16, ADR 0040): two people, two
 * browser contexts, one group. What Ana's page shows must equal what the
 * server answers, after a live change, a reload and a reconnect:
 *
 * - an expense Ana recorded on this device and Bob voided on his leaves her
 *   list live, stays gone after a reload, and after she comes back online
 *   (voided while she was offline); offline, the list saved on the device no
 *   longer holds either;
 * - the open page catches up after a reconnect, even when its first reads
 *   then fail: Bob's expense and the server's balances appear, the "offline" note goes, and the status line
 *   says a change was refused instead of "all changes saved".
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { KopekClient } from "@kopek/testing";
import {
  addExpenseInUi,
  type App,
  eventually,
  expenseRow,
  groupHead,
  launchBrowser,
  openGroupWithPlaceholders,
  PASSWORD,
  readAt,
  sameAmounts,
  serverBalances,
  shownBalances,
  signUpInUi,
  startApp,
  unique,
  waitLive,
} from "./_browser.ts";

/**
 * Bob, in his own browser context: signs up in the UI, claims the placeholder `memberId` with an
 * invite the owner made, and opens the group page.
 */
async function joinAsPlaceholder(
  app: App,
  browser: Browser,
  owner: KopekClient,
  groupId: string,
  memberId: string,
  name: string,
): Promise<Page> {
  const invite = await owner.post(`/v1/groups/${groupId}/invites`, { memberId, role: "member" });
  assert.equal(invite.status, 201, JSON.stringify(invite.body));
  const email = `${name.toLowerCase()}-${unique()}@e2e.test`;
  const page = await (await browser.newContext({ baseURL: app.url })).newPage();
  await page.goto("/signup");
  await signUpInUi(page, { name, email });
  const login = await app.api.post("/v1/auth/login", { email, password: PASSWORD });
  assert.equal(login.status, 200);
  const accepted = await app.api.as(login.body.token).post(
    `/v1/invites/${invite.body.code}/accept`,
    {},
  );
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  // Opened once the read side has the new member (else the page reads a group it is not in yet).
  await readAt(app.api.as(login.body.token), `/v1/groups/${groupId}`, accepted.body.position);
  await page.goto(`/groups/${groupId}`);
  await page.getByTestId("group-title").waitFor();
  return page;
}

/** Voids an expense from its page, as a person does; resolves once the server applied it. */
async function voidInUi(page: Page, description: string): Promise<void> {
  await expenseRow(page, description).getByTestId("expense-link").click();
  await page.getByTestId("expense-void").click();
  await page.getByTestId("void-confirm-yes").click();
  await page.waitForURL((u) => /^\/groups\/[^/]+$/.test(u.pathname));
  await synced(page);
}

/** Waits until the page's outbox is empty (everything it queued reached the server). */
async function synced(page: Page): Promise<void> {
  await page.locator("[data-testid=connection-status][data-state=online][data-pending='0']")
    .waitFor();
}

/** Waits until the page shows the server's balances at the group's latest position. */
async function balancesConverge(
  app: App,
  page: Page,
  owner: KopekClient,
  groupId: string,
): Promise<void> {
  const expected = await serverBalances(owner, groupId, await groupHead(app, groupId));
  await eventually(
    `the page's balances equal the server's ${JSON.stringify(expected)}`,
    async () => {
      if (await page.getByTestId("balances-pending").count()) return undefined;
      return sameAmounts(await shownBalances(page), expected) ? true : undefined;
    },
  );
}

/** The descriptions of the expense rows the page shows, sorted. */
async function shownDescriptions(page: Page): Promise<string[]> {
  return (await page.getByTestId("expense-description").allInnerTexts()).map((t) => t.trim())
    .sort();
}

/** Waits until the page's list holds exactly these descriptions. */
async function listIs(page: Page, what: string, descriptions: string[]): Promise<void> {
  const want = [...descriptions].sort();
  let last: string[] = [];
  await eventually(
    `${what}: the list is ${JSON.stringify(want)}`,
    async () => {
      last = await shownDescriptions(page);
      return JSON.stringify(last) === JSON.stringify(want) ? true : undefined;
    },
  ).catch((e) => {
    throw new Error(`${e.message}; last seen ${JSON.stringify(last)}`);
  });
}

Deno.test("converge: an expense voided on another device leaves this one's list live, after a reload and after a reconnect", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { context, page: ana, groupId, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Rome trip",
      "Ana",
      ["Bob"],
    );
    await ana.waitForFunction(() =>
      // deno-lint-ignore no-explicit-any
      (globalThis as any).navigator.serviceWorker?.controller?.state === "activated"
    );
    // Ana records three expenses on this device.
    for (
      const e of [
        { description: "Museum tickets", amount: "30.00" },
        { description: "Dinner in Trastevere", amount: "84.00" },
        { description: "Taxi", amount: "18.50" },
      ]
    ) await addExpenseInUi(ana, { ...e, payer: ids.Ana });
    await synced(ana);

    const bob = await joinAsPlaceholder(app, browser, owner, groupId, ids.Bob, "Bob");
    await listIs(bob, "Bob's page", ["Dinner in Trastevere", "Museum tickets", "Taxi"]);
    await waitLive(ana);

    // Live: Bob voids one; it leaves Ana's list, and her balances are the server's.
    await voidInUi(bob, "Museum tickets");
    await listIs(ana, "live, after Bob's void", ["Dinner in Trastevere", "Taxi"]);
    await balancesConverge(app, ana, owner, groupId);

    // A reload: still gone.
    await ana.reload();
    await ana.getByTestId("group-title").waitFor();
    await balancesConverge(app, ana, owner, groupId);
    await listIs(ana, "after a reload", ["Dinner in Trastevere", "Taxi"]);
    await waitLive(ana);

    // Offline, Bob voids another and records one; back online, Ana's page has both changes.
    await context.setOffline(true);
    await ana.locator("[data-testid=connection-status][data-state=offline]").waitFor();
    await voidInUi(bob, "Dinner in Trastevere");
    await addExpenseInUi(bob, { description: "Gelato", amount: "9.00" });
    await synced(bob);
    await context.setOffline(false);
    await listIs(ana, "after the reconnect", ["Gelato", "Taxi"]);
    await balancesConverge(app, ana, owner, groupId);
    assert.equal(await ana.getByTestId("list-offline").count(), 0, "no offline note once online");

    // Offline and reloaded: the expenses saved on the device are the server's, voids known.
    await context.setOffline(true);
    await ana.reload();
    await ana.getByTestId("group-title").waitFor();
    await ana.getByTestId("list-offline").waitFor();
    await listIs(ana, "offline, after a reload", ["Gelato", "Taxi"]);
    await balancesConverge(app, ana, owner, groupId);
  } finally {
    await browser.close();
  }
});

Deno.test("converge: the open page catches up after a reconnect, and a refused change is never 'all changes saved'", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { context, page: ana, groupId, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Flat share",
      "Ana",
      ["Bob", "Bea"],
    );
    await addExpenseInUi(ana, {
      description: "Internet, May",
      amount: "33.30",
      payer: ids.Ana,
      among: [ids.Ana, ids.Bob],
    });
    await synced(ana);
    const bob = await joinAsPlaceholder(app, browser, owner, groupId, ids.Bob, "Bob");
    await listIs(bob, "Bob's page", ["Internet, May"]);
    await waitLive(ana);

    // Ana goes offline and queues an expense shared with Bea.
    await context.setOffline(true);
    await ana.locator("[data-testid=connection-status][data-state=offline]").waitFor();
    await addExpenseInUi(ana, {
      description: "Boat trip",
      amount: "120.00",
      among: [ids.Ana, ids.Bea],
    });
    await ana.locator("[data-testid=connection-status][data-pending='1']").waitFor();

    // Meanwhile Bob records an expense, and the owner removes Bea: Ana's expense will be refused.
    await addExpenseInUi(bob, {
      description: "Groceries",
      amount: "37.43",
      payer: ids.Bob,
      among: [ids.Ana, ids.Bob],
    });
    await synced(bob);
    const removed = await owner.delete(`/v1/groups/${groupId}/members/${ids.Bea}`);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));

    // Back online, where the first reads of the balances and the list fail (a server busy for a
    // moment, as after a deploy): the page still comes to show what the server has, without
    // navigating.
    const failOnce = new Set(["balances", "expenses"]);
    await ana.route(/\/v1\/groups\/[^/]+\/(balances|expenses)(\?|$)/, (route) => {
      const what = new URL(route.request().url()).pathname.split("/").pop()!;
      if (!failOnce.delete(what)) return route.continue();
      return route.fulfill({
        status: 503,
        contentType: "application/problem+json",
        headers: { "Retry-After": "1" },
        body: JSON.stringify({
          status: 503,
          title: "Service Unavailable",
          detail: "busy",
          code: "server_busy",
        }),
      });
    });
    await context.setOffline(false);
    await expenseRow(ana, "Boat trip").getByTestId("rejected-badge").waitFor();
    await expenseRow(ana, "Groceries").waitFor();
    await balancesConverge(app, ana, owner, groupId);
    await eventually(
      "the offline note gone",
      async () => (await ana.getByTestId("list-offline").count()) === 0 ? true : undefined,
    );
    assert.equal(failOnce.size, 0, "the first reads after the reconnect failed");

    // The status line: online, nothing waiting, one change refused: not "all changes saved".
    const status = ana.getByTestId("connection-status");
    await ana.locator("[data-testid=connection-status][data-state=online][data-pending='0']")
      .waitFor();
    await eventually(
      "the status line counts the refused change",
      async () => /1 change refused/i.test(await status.innerText()) ? true : undefined,
    );
    assert.doesNotMatch(await status.innerText(), /all changes saved/i);
  } finally {
    await browser.close();
  }
});

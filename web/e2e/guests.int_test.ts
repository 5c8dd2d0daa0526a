/**
 * The guest flow from link to account in Chromium (ADR 0059): the owner shares a guest link for
 * the placeholder Bo on the members page; a fresh browser opens it and is a guest of that group
 * only (a banner says so; the home page sends it back to the group); the guest adds an expense
 * as Bo; then creates an account from the banner, which claims Bo: the expense is theirs, the
 * member keeps its id, and the balances are the same before and after. The revoked link of a
 * viewer opens nothing.
 */
import assert from "node:assert/strict";
import {
  addExpenseInUi,
  eventually,
  expenseRow,
  groupHead,
  launchBrowser,
  openGroupWithPlaceholders,
  PASSWORD,
  sameAmounts,
  serverBalances,
  shownBalances,
  startApp,
  unique,
} from "./_browser.ts";

Deno.test("guests: a guest link opened in a fresh browser, an expense as the guest, then an account that keeps it", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const owner = await openGroupWithPlaceholders(app, browser, "Flat", "Ana", ["Bo"]);
    const bo = owner.ids.Bo;

    // The owner shares a guest link for Bo with a member's rights.
    await owner.page.goto(`/groups/${owner.groupId}/members`);
    const section = owner.page.getByTestId("guest-links");
    await section.waitFor();
    await owner.page.getByTestId("guest-link-member").selectOption(bo);
    await owner.page.getByTestId("guest-link-role").selectOption("member");
    await owner.page.getByTestId("guest-link-days").fill("7");
    await owner.page.getByTestId("guest-link-share").click();
    const url = await owner.page.getByTestId("guest-link-url").inputValue();
    assert.match(url, /\/guest#[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const linkToken = new URL(url).hash.slice(1);

    // A viewer link, revoked at once, opens nothing.
    await owner.page.getByTestId("guest-link-role").selectOption("viewer");
    await owner.page.getByTestId("guest-link-share").click();
    await eventually(
      "two links",
      async () => (await owner.page.getByTestId("guest-link").count()) === 2 ? true : undefined,
    );
    const viewerUrl = await owner.page.getByTestId("guest-link-url").first().inputValue();
    await owner.page.getByTestId("guest-link-revoke").first().click();
    await owner.page.getByTestId("guest-link-revoked").waitFor();

    // A fresh browser opens the member link: the group, as a guest, with the banner.
    const context = await browser.newContext({ baseURL: app.url });
    const revoked = await context.newPage();
    await revoked.goto(`/guest${new URL(viewerUrl).hash}`);
    await revoked.getByTestId("guest-error").waitFor();
    await revoked.close();
    const guest = await context.newPage();
    await guest.goto(`/guest${new URL(url).hash}`);
    await guest.waitForURL((u) => u.pathname === `/groups/${owner.groupId}`);
    const banner = guest.getByTestId("guest-banner");
    await banner.waitFor();
    assert.match(await banner.innerText(), /guest in Flat, as Bo/);
    assert.equal(await guest.getByTestId("nav-outbox").count(), 0, "no account navigation");
    await eventually(
      "both balance rows",
      async () => (await guest.getByTestId("balance-row").count()) === 2 ? true : undefined,
      30_000,
    );
    // The home page is an account's: the guest goes back to its group.
    await guest.goto("/");
    await guest.waitForURL((u) => u.pathname === `/groups/${owner.groupId}`);
    await guest.getByTestId("add-expense").waitFor();

    // The guest adds an expense as Bo, split with Ana.
    await addExpenseInUi(guest, {
      description: "Guest groceries",
      amount: "30.00",
      payer: bo,
      among: [bo, owner.ids.Ana],
    });
    const recorded = await eventually("the guest's expense on the server", async () => {
      const list = await owner.owner.get(`/v1/groups/${owner.groupId}/expenses`);
      return (list.body.items as { id: string; description: string }[] | undefined)
        ?.find((e) => e.description === "Guest groceries");
    }, 60_000);
    const expense = await owner.owner.get(`/v1/groups/${owner.groupId}/expenses/${recorded.id}`);
    assert.deepEqual(expense.body.paidBy.map((p: { memberId: string }) => p.memberId), [bo]);
    const head = await groupHead(app, owner.groupId);
    const before = await serverBalances(owner.owner, owner.groupId, head);
    assert.equal(before[bo], "15.00");

    // The guest creates an account from the banner: Bo becomes theirs.
    await guest.getByTestId("guest-keep").click();
    await guest.getByTestId("guest-account-form").waitFor();
    assert.equal(await guest.getByTestId("guest-name").inputValue(), "Bo");
    const email = `bo-${unique()}@e2e.test`;
    await guest.getByTestId("guest-email").fill(email);
    await guest.getByTestId("guest-password").fill(PASSWORD);
    await guest.getByTestId("guest-account-submit").click();
    await guest.waitForURL((u) => u.pathname === `/groups/${owner.groupId}`);
    await guest.getByTestId("nav-outbox").waitFor();
    assert.equal(await guest.getByTestId("guest-banner").count(), 0, "no guest any more");

    // The member kept its id and is bound to the new account; the expense and balances stay.
    const login = await app.api.post("/v1/auth/login", { email, password: PASSWORD });
    assert.equal(login.status, 200);
    const me = app.api.as(login.body.token);
    const member = await eventually("Bo bound to the account", async () => {
      const a = await me.get(`/v1/groups/${owner.groupId}/members/${bo}`);
      return a.status === 200 && a.body.userId === login.body.user.id ? a : undefined;
    }, 60_000);
    assert.equal(member.body.id, bo);
    const after = await serverBalances(me, owner.groupId, await groupHead(app, owner.groupId));
    assert.ok(sameAmounts(before, after), `${JSON.stringify(before)} ≠ ${JSON.stringify(after)}`);
    await expenseRow(guest, "Guest groceries").waitFor();
    await eventually(
      "the page's balances",
      async () => sameAmounts(await shownBalances(guest), after) ? true : undefined,
      30_000,
    );
    // The link's work is done.
    const again = await app.api.post("/v1/guest-sessions", { token: linkToken });
    assert.equal(again.status, 401);
    await context.close();
    await owner.context.close();
  } finally {
    await browser.close();
  }
});

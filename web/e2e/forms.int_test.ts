/**
 * Issue 16, items 5 and 9, in Chromium. A note over its limit is never cut
 * and never sent: the expense form shows a counter near the limit and says
 * what is wrong; a note of exactly the limit reaches the server whole.
 * Creating a group opens the new group's page instead of leaving you on the
 * list.
 */
import assert from "node:assert/strict";
import {
  eventually,
  launchBrowser,
  openGroupWithPlaceholders,
  PASSWORD,
  signUpInUi,
  startApp,
  unique,
} from "./_browser.ts";

Deno.test("forms: creating a group opens the new group's page", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const email = `ana-${unique()}@e2e.test`;
    const page = await (await browser.newContext({ baseURL: app.url })).newPage();
    await page.goto("/signup");
    await signUpInUi(page, { name: "Ana", email });
    await page.getByTestId("create-group-form").waitFor();

    await page.getByTestId("create-group-name").fill("Porto weekend");
    await page.getByTestId("create-group-currency").selectOption("EUR");
    await page.getByTestId("create-group-submit").click();

    await page.waitForURL((u) => /^\/groups\/[^/]+$/.test(u.pathname), { timeout: 15_000 });
    const groupId = new URL(page.url()).pathname.split("/")[2];
    const title = page.getByTestId("group-title");
    await title.waitFor();
    assert.match((await title.textContent())!, /Porto weekend/);

    // It is the group the server created, with Ana as its owner.
    const login = await app.api.post("/v1/auth/login", { email, password: PASSWORD });
    assert.equal(login.status, 200);
    // The PWA's write went through its outbox: the list has it once the read side does.
    const ana = app.api.as(login.body.token);
    const items = await eventually("the group in Ana's list", async () => {
      const groups = await ana.get("/v1/groups");
      const list = groups.body.items as { id: string; name: string; role: string }[];
      return list.length > 0 ? list : undefined;
    }, 60_000);
    assert.deepEqual(
      items.map((g) => ({ id: g.id, name: g.name, role: g.role })),
      [{ id: groupId, name: "Porto weekend", role: "owner" }],
    );
  } finally {
    await browser.close();
  }
});

Deno.test("forms: a 5,000-character note is refused with a message and a counter, never cut or sent", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { page, groupId, owner } = await openGroupWithPlaceholders(
      app,
      browser,
      "Notes",
      "Ana",
      ["Bea"],
    );
    await page.getByTestId("add-expense").click();
    await page.getByTestId("expense-form").waitFor();
    await page.getByTestId("expense-description-input").fill("Dinner");
    await page.getByTestId("expense-amount-input").fill("30.00");
    const note = page.getByTestId("expense-note-input");
    const counter = page.getByTestId("expense-note-count");

    // Far from the limit: no counter; from 80 % of it: one.
    await note.fill("n".repeat(1000));
    assert.equal(await counter.count(), 0);
    await note.fill("n".repeat(1600));
    assert.equal((await counter.textContent())!.trim(), "1,600 / 2,000");

    // 5,000 characters: all kept in the field, the counter says how many too many.
    const long = "n".repeat(5000);
    await note.fill(long);
    assert.equal((await note.inputValue()).length, 5000, "the field keeps everything typed");
    assert.equal((await counter.textContent())!.trim(), "5,000 / 2,000: 3,000 too many");
    assert.equal(await note.getAttribute("aria-invalid"), "true");

    await page.getByTestId("expense-submit").click();
    const error = page.getByTestId("expense-note-error");
    await error.waitFor();
    assert.match((await error.textContent())!, /5,000 characters long; it can be at most 2,000/);
    assert.ok(new URL(page.url()).pathname.endsWith("/expenses/new"), "still on the form");
    assert.equal((await note.inputValue()).length, 5000, "nothing was cut");
    assert.equal(
      await page.locator("[data-testid=connection-status][data-pending='0']").count(),
      1,
      "nothing queued",
    );
    const none = await owner.get(`/v1/groups/${groupId}/expenses`);
    assert.equal(none.status, 200);
    assert.equal(none.body.items.length, 0, "nothing reached the server");

    // Exactly the limit: sent, and kept whole.
    const exact = "n".repeat(2000);
    await note.fill(exact);
    assert.equal((await counter.textContent())!.trim(), "2,000 / 2,000");
    await page.getByTestId("expense-submit").click();
    await page.waitForURL((u) => /^\/groups\/[^/]+$/.test(u.pathname));
    const saved = await eventually("the expense on the server", async () => {
      const list = await owner.get(`/v1/groups/${groupId}/expenses`);
      return list.body.items?.length === 1 ? list.body.items[0] : undefined;
    });
    assert.equal(saved.note, exact);
  } finally {
    await browser.close();
  }
});

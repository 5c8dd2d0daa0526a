/**
 * Custom categories in Chromium: the owner adds one on the group's categories screen (name,
 * emoji, colour), picks it in the expense form (the picker shows its icon and colour), the list
 * names it, and the monthly report's chart names it; a member sees the list but no form; once
 * removed, the expense still names it.
 */
import assert from "node:assert/strict";
import {
  eventually,
  expenseRow,
  groupHead,
  launchBrowser,
  readAt,
  signInInUi,
  startApp,
  unique,
} from "./_browser.ts";

Deno.test("categories: added on the group's screen, used in an expense, shown in the report", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const anaEmail = `ana-${unique()}@e2e.test`, benEmail = `ben-${unique()}@e2e.test`;
    const { client: ana } = await app.api.register(anaEmail, "Ana");
    await app.api.register(benEmail, "Ben");
    const group = await ana.post("/v1/groups", { name: "Alps", currency: "EUR" });
    assert.equal(group.status, 201);
    const g = group.body.id as string;
    const ben = await ana.post(`/v1/groups/${g}/members`, {
      name: "Ben",
      email: benEmail,
      role: "member",
    });
    assert.equal(ben.status, 201, JSON.stringify(ben.body));

    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    await signInInUi(page, anaEmail, `/groups/${g}/categories`);
    await page.getByTestId("categories-empty").waitFor();
    await page.getByTestId("category-name").fill("Ski pass");
    await page.getByTestId("category-icon").fill("⛷️");
    await page.getByTestId("category-colour").fill("#3366ff");
    await page.getByTestId("category-save").click();
    const row = page.locator("[data-testid=category-row][data-category-name='Ski pass']");
    await row.waitFor();
    // A name taken (another case) is refused with the server's reason.
    await page.getByTestId("category-name").fill("ski PASS");
    await page.getByTestId("category-save").click();
    assert.match(await page.getByTestId("category-error").innerText(), /already has a category/);
    const listed = await readAt(ana, `/v1/groups/${g}/categories`, await groupHead(app, g));
    const ski = listed.body.items.find((c: { name: string }) => c.name === "Ski pass");
    assert.deepEqual([ski.icon, ski.colour], ["⛷️", "#3366ff"]);

    // The expense form's picker offers it, with its colour beside it once chosen.
    await page.goto(`/groups/${g}/expenses/new`);
    await page.getByTestId("expense-form").waitFor();
    const picker = page.getByTestId("expense-category-input");
    await eventually(
      "the picker offers the group's category",
      async () =>
        (await picker.locator(`option[value='${ski.id}']`).count()) === 1 ? true : undefined,
    );
    assert.equal(await picker.locator(`option[value='${ski.id}']`).innerText(), "⛷️ Ski pass");
    await page.getByTestId("expense-description-input").fill("Lift");
    await page.getByTestId("expense-amount-input").fill("80.00");
    await picker.selectOption(ski.id);
    await page.getByTestId("category-swatch").waitFor();
    await page.getByTestId("expense-submit").click();
    await page.waitForURL((u) => /^\/groups\/[^/]+$/.test(u.pathname));
    await expenseRow(page, "Lift").getByText("⛷️ Ski pass").waitFor();
    const entries = await eventually("the expense is recorded", async () => {
      const a = await ana.get(`/v1/groups/${g}/expenses`);
      return a.body.items?.length === 1 ? a.body.items : undefined;
    });
    assert.equal(entries[0].category, ski.id);

    // The report's chart names it.
    const month = new Date().toISOString().slice(0, 7);
    await page.goto(`/groups/${g}/reports`);
    const slice = page.locator(
      `[data-testid=chart-categories] [data-testid=slice][data-label='⛷️ Ski pass']`,
    );
    await slice.waitFor();
    assert.equal(await slice.getAttribute("data-amount"), "80.00");
    const report = await ana.get(`/v1/groups/${g}/reports/monthly?from=${month}&to=${month}`);
    assert.equal(report.body.categories[ski.id].name, "Ski pass");

    // Ben (a member) sees the list, not the form.
    const benContext = await browser.newContext({ baseURL: app.url });
    const benPage = await benContext.newPage();
    await signInInUi(benPage, benEmail, `/groups/${g}/categories`);
    await benPage.locator("[data-testid=category-row][data-category-name='Ski pass']").waitFor();
    assert.equal(await benPage.getByTestId("category-form").count(), 0);
    assert.equal(await benPage.getByTestId("category-remove").count(), 0);

    // Removed: gone from the screen, the expense still names it.
    await page.goto(`/groups/${g}/categories`);
    await row.getByTestId("category-remove").click();
    await page.getByTestId("categories-empty").waitFor();
    await page.goto(`/groups/${g}`);
    await expenseRow(page, "Lift").getByText("⛷️ Ski pass").waitFor();
  } finally {
    await browser.close();
  }
});

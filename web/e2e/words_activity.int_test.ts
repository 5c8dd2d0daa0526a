/**
 * Issue 16, item 7 ("Forms and words"), in Chromium: Activity says "voided"
 * as the app does, writes money by currency ("¥2,000"), says "Bob joined",
 * links to the expense and the member and says what an amendment changed.
 * The expense form's words are in `words.int_test.ts`.
 */
import assert from "node:assert/strict";
import {
  type App,
  eventually,
  launchBrowser,
  openGroupWithPlaceholders,
  startApp,
  unique,
} from "./_browser.ts";

/** Through the API: a yen expense, an expense amended from 90.00 to 96.00, and Bob joining by an invite. */
async function seedActivity(
  app: App,
  owner: Awaited<ReturnType<typeof openGroupWithPlaceholders>>,
) {
  const { groupId: g, owner: ana, ids } = owner;
  const everyone = Object.values(ids);
  const sushi = await ana.post(`/v1/groups/${g}/expenses`, {
    description: "Sushi",
    total: { amount: "2000", currency: "JPY" },
    fx: { rate: "0.0061" },
    date: "2026-11-21",
    paidBy: [{ memberId: ids.Ana, amount: "2000" }],
    split: {
      mode: "equal",
      shares: everyone.map((memberId) => ({ memberId })),
    },
  });
  assert.equal(sushi.status, 201, JSON.stringify(sushi.body));
  const body = (amount: string) => ({
    description: "Dinner",
    total: { amount, currency: "EUR" },
    date: "2026-11-20",
    paidBy: [{ memberId: ids.Ana, amount }],
    split: {
      mode: "equal",
      shares: everyone.map((memberId) => ({ memberId })),
    },
  });
  const dinner = await ana.post(`/v1/groups/${g}/expenses`, body("90.00"));
  assert.equal(dinner.status, 201, JSON.stringify(dinner.body));
  const amended = await ana.put(
    `/v1/groups/${g}/expenses/${dinner.body.id}`,
    body("96.00"),
    {
      "If-Match": '"1"',
    },
  );
  assert.equal(amended.status, 200, JSON.stringify(amended.body));
  // Bob joins by an invite.
  const invite = await ana.post(`/v1/groups/${g}/invites`, { role: "member" });
  assert.equal(invite.status, 201, JSON.stringify(invite.body));
  const bob = await app.api.register(`bob-${unique()}@e2e.test`, "Bob");
  const accepted = await bob.client.post(
    `/v1/invites/${invite.body.code}/accept`,
    {},
  );
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  return { sushi: sushi.body.id as string, dinner: dinner.body.id as string };
}

Deno.test("words: Activity says voided, formats money, says who joined, links, and what changed", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const opened = await openGroupWithPlaceholders(
      app,
      browser,
      "Words",
      "Ana",
      ["Bea"],
    );
    const { page, groupId: g } = opened;
    const { sushi, dinner } = await seedActivity(app, opened);

    // Ana voids the sushi in the app, where the button says "Void".
    await page.goto(`/groups/${g}/expenses/${sushi}`);
    await page.getByTestId("expense-void").click();
    await page.getByTestId("void-confirm-yes").click();
    await page.waitForURL((u) => u.pathname === `/groups/${g}`);

    await page.goto(`/groups/${g}/activity`);
    const item = (type: string) =>
      page.locator(`[data-testid=activity-text][data-type=${type}]`).first();
    const voided = await eventually("the void in Activity", async () => {
      const t = await page.locator(
        "[data-testid=activity-text][data-type=ExpenseVoided]",
      )
        .count();
      if (t > 0) return (await item("ExpenseVoided").textContent())!;
      await page.reload();
      await page.getByTestId("activity-item").first().waitFor();
      return undefined;
    }, 30_000);
    assert.match(voided, /voided “Sushi”/);
    const all = (await page.getByTestId("activity-list").textContent())!;
    assert.doesNotMatch(all, /deleted/, "one word for a void");

    const recorded = (await page.locator(
      "[data-testid=activity-text][data-type=ExpenseRecorded]",
    ).filter({ hasText: "Sushi" }).textContent())!;
    assert.match(recorded, /¥2,000/);
    assert.doesNotMatch(all, /2000 JPY/);

    assert.match(all, /Bob joined/);
    assert.doesNotMatch(all, /Bob added Bob/);

    const amended = (await item("ExpenseAmended").textContent())!;
    assert.match(amended, /“Dinner”: €90\.00 → €96\.00/);

    const link = item("ExpenseAmended").getByTestId("activity-link");
    assert.equal(
      await link.getAttribute("href"),
      `/groups/${g}/expenses/${dinner}`,
    );
    const member = page.locator(
      "[data-testid=activity-text][data-type=MemberAdded]",
    )
      .filter({ hasText: "Bea" }).getByTestId("activity-link");
    assert.equal(
      await member.getAttribute("href"),
      `/groups/${g}/members#member-${opened.ids.Bea}`,
    );
    await link.click();
    await page.waitForURL((u) => u.pathname === `/groups/${g}/expenses/${dinner}`);
    await page.getByTestId("expense-detail").waitFor();
  } finally {
    await browser.close();
  }
});

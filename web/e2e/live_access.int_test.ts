/**
 * A live stream that ends for access (ADR 0021), seen in the PWA: Bob has
 * the group's page open and live when Ana removes him. The stream's `end`
 * event (`removed`) makes the page read the group again; its 404 drops the
 * group and its data from the device, so the page says the group is gone
 * instead of showing what Bob may no longer see, and nothing reconnects.
 */
import assert from "node:assert/strict";
import {
  expenseRow,
  launchBrowser,
  readAt,
  signUpInUi,
  startApp,
  unique,
  waitLive,
} from "./_browser.ts";

Deno.test("live access: a member removed while the group's page is open sees it gone, not stale data", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { client: ana } = await app.api.register(
      `ana-${unique()}@example.com`,
      "Ana",
    );
    const group = await ana.post("/v1/groups", {
      name: "Flat",
      currency: "EUR",
    });
    assert.equal(group.status, 201);
    const g = group.body.id as string;
    const bread = await ana.post(`/v1/groups/${g}/expenses`, {
      description: "Bread",
      total: { amount: "3.00", currency: "EUR" },
      date: "2026-11-20",
      paidBy: [{ memberId: group.body.memberId, amount: "3.00" }],
      split: { mode: "equal", shares: [{ memberId: group.body.memberId }] },
    });
    assert.equal(bread.status, 201);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/signup`);
    const email = `bob-${unique()}@example.com`;
    await signUpInUi(page, { name: "Bob", email });
    const added = await ana.post(`/v1/groups/${g}/members`, {
      name: "Bob",
      email,
      role: "viewer",
    });
    assert.equal(added.status, 201);
    // Bob opens the page once his membership is in the read models (the test knows the position,
    // his browser does not: earlier, on a loaded machine, his page found no such group yet).
    await readAt(ana, `/v1/groups/${g}`, added.body.position);

    // Count the stream's connections: after the end, none more.
    let connections = 0;
    page.on("request", (r) => {
      if (r.url().endsWith(`/v1/groups/${g}/live`)) connections++;
    });
    await page.goto(`${app.url}/groups/${g}`);
    await page.getByTestId("group-title").waitFor();
    await expenseRow(page, "Bread").waitFor();
    await waitLive(page);
    assert.equal(connections, 1);

    const removed = await ana.delete(
      `/v1/groups/${g}/members/${added.body.id}`,
    );
    assert.equal(removed.status, 200);
    // The page reads the device's cache: "not found" means the group's row is gone from it.
    await page.getByRole("heading", { name: "Group not found" }).waitFor({
      timeout: 15_000,
    });
    assert.equal(
      await expenseRow(page, "Bread").count(),
      0,
      "nothing stale on the page",
    );
    assert.equal(
      connections,
      1,
      "the page did not reconnect to a stream it may not have",
    );
    await context.close();
  } finally {
    await browser.close();
  }
});

/**
 * The home page's balances across groups in Chromium: Ana is owed by Ben in one group and owes
 * him in another; the summary shows Ben once with the net, the groups he is in, and the totals;
 * Eve, who shares nothing with Ana, sees neither Ana nor her groups.
 */
import assert from "node:assert/strict";
import { launchBrowser, readAt, signInInUi, startApp, unique } from "./_browser.ts";

Deno.test("home: what the user owes and is owed across groups, per person", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const anaEmail = `ana-${unique()}@e2e.test`,
      benEmail = `ben-${unique()}@e2e.test`,
      eveEmail = `eve-${unique()}@e2e.test`;
    const { client: ana } = await app.api.register(anaEmail, "Ana");
    const { client: ben } = await app.api.register(benEmail, "Ben");
    const { client: eve } = await app.api.register(eveEmail, "Eve");
    const spend = async (
      c: typeof ana,
      g: string,
      payer: string,
      amount: string,
      among: string[],
    ) => {
      const a = await c.post(`/v1/groups/${g}/expenses`, {
        description: "Spent",
        total: { amount, currency: "EUR" },
        date: "2026-12-01",
        paidBy: [{ memberId: payer, amount }],
        split: { mode: "equal", shares: among.map((memberId) => ({ memberId })) },
      });
      assert.equal(a.status, 201, JSON.stringify(a.body));
      return a.body.position as number;
    };
    // Trip: Ana paid 60 for both (Ben owes her 30). Flat: Ben paid 20 for both (Ana owes him 10).
    const trip = await ana.post("/v1/groups", { name: "Trip", currency: "EUR" });
    const benT = await ana.post(`/v1/groups/${trip.body.id}/members`, {
      name: "Ben",
      email: benEmail,
      role: "member",
    });
    await spend(ana, trip.body.id, trip.body.memberId, "60.00", [trip.body.memberId, benT.body.id]);
    const flat = await ben.post("/v1/groups", { name: "Flat", currency: "EUR" });
    const anaF = await ben.post(`/v1/groups/${flat.body.id}/members`, {
      name: "Ana",
      email: anaEmail,
      role: "member",
    });
    const last = await spend(ben, flat.body.id, flat.body.memberId, "20.00", [
      flat.body.memberId,
      anaF.body.id,
    ]);
    // The pages open once the read side has everything (the test knows the position, the browser does not).
    assert.equal(
      (await readAt(ana, "/v1/me/balances", last)).body.items.length,
      1,
    );
    const eves = await eve.post("/v1/groups", { name: "Eve's own", currency: "EUR" });
    assert.equal(eves.status, 201);

    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    await signInInUi(page, anaEmail, "/");
    const benRow = page.locator("[data-testid=me-person][data-person-name=Ben][data-currency=EUR]");
    await benRow.waitFor();
    assert.equal(await benRow.getByTestId("me-person-net").getAttribute("data-amount"), "20.00");
    assert.match(await benRow.innerText(), /Flat, Trip|Trip, Flat/);
    const total = page.locator("[data-testid=me-total][data-currency=EUR]");
    assert.equal(await total.getByTestId("me-total-owes").getAttribute("data-amount"), "10.00");
    assert.equal(await total.getByTestId("me-total-owed").getAttribute("data-amount"), "30.00");

    // Eve: her own group, no debts, no summary, nothing of Ana's.
    const eveContext = await browser.newContext({ baseURL: app.url });
    const evePage = await eveContext.newPage();
    await signInInUi(evePage, eveEmail, "/");
    await evePage.locator('[data-testid=group-item][data-group-name="Eve\'s own"]').waitFor();
    assert.equal(await evePage.getByTestId("me-balances").count(), 0);
    const text = await evePage.locator("main").innerText();
    assert.ok(!/Trip|Flat|Ana/.test(text), text);
  } finally {
    await browser.close();
  }
});

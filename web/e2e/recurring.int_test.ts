/**
 * Recurring expenses in Chromium (ADR 0051): Ana sets one up from the small
 * form, the list shows its upcoming occurrences; she skips one (it leaves the
 * list), pauses (no upcoming, "Paused"), resumes and stops it (it leaves the
 * list); a viewer sees the list but no form and no buttons.
 */
import assert from "node:assert/strict";
import { eventually, launchBrowser, signInInUi, startApp, unique } from "./_browser.ts";

const DAY = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

Deno.test("recurring list: set up, upcoming dates, skip, pause, resume, stop; a viewer only reads", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const anaEmail = `ana-${unique()}@e2e.test`;
    const veraEmail = `vera-${unique()}@e2e.test`;
    const { client: ana } = await app.api.register(anaEmail, "Ana");
    await app.api.register(veraEmail, "Vera");
    const group = await ana.post("/v1/groups", {
      name: "Flat",
      currency: "EUR",
    });
    assert.equal(group.status, 201);
    const g = group.body.id as string;
    const vera = await ana.post(`/v1/groups/${g}/members`, {
      name: "Vera",
      email: veraEmail,
      role: "viewer",
    });
    assert.equal(vera.status, 201);
    // The days of the test are UTC days, as the group's.
    const path = `/groups/${g}/recurring`;

    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    await signInInUi(page, anaEmail, path);
    await page.getByTestId("recurring-empty").waitFor();
    const today = Date.now();
    await page.getByTestId("recurring-description").fill("Cleaning");
    await page.getByTestId("recurring-amount").fill("12.00");
    await page.getByTestId("recurring-freq").selectOption("daily");
    await page.getByTestId("recurring-start").fill(dateOf(today + DAY));
    await page.getByTestId("recurring-submit").click();

    const item = page.getByTestId("recurrence");
    await item.getByTestId("recurrence-description").getByText("Cleaning")
      .waitFor();
    const dates = () =>
      page.getByTestId("upcoming-date").evaluateAll((els) =>
        els.map((e) => e.getAttribute("data-date"))
      );
    assert.deepEqual(
      await dates(),
      [1, 2, 3, 4, 5].map((d) => dateOf(today + d * DAY)),
    );

    // Skip the second: it leaves the upcoming dates, the sixth comes in.
    await page.getByTestId("skip-1").click();
    await eventually(
      "the skipped date gone",
      async () => (await dates()).includes(dateOf(today + 2 * DAY)) ? undefined : true,
    );
    assert.deepEqual(
      await dates(),
      [1, 3, 4, 5, 6].map((d) => dateOf(today + d * DAY)),
    );

    await page.getByTestId("recurrence-pause").click();
    await page.getByTestId("recurrence-paused").waitFor();
    assert.equal(await item.getAttribute("data-status"), "paused");
    assert.equal(await page.getByTestId("upcoming-date").count(), 0);
    await page.getByTestId("recurrence-resume").click();
    await page.locator("[data-testid=recurrence][data-status=active]")
      .waitFor();
    assert.equal((await dates())[0], dateOf(today + DAY));

    // A viewer reads the list, without the form or the buttons.
    const veraContext = await browser.newContext({ baseURL: app.url });
    const veraPage = await veraContext.newPage();
    await signInInUi(veraPage, veraEmail, path);
    await veraPage.getByTestId("recurrence-description").getByText("Cleaning")
      .waitFor();
    assert.equal(await veraPage.getByTestId("recurring-form").count(), 0);
    assert.equal(await veraPage.getByTestId("recurrence-stop").count(), 0);
    await veraContext.close();

    await page.getByTestId("recurrence-stop").click();
    await page.getByTestId("recurring-empty").waitFor();
    await context.close();
  } finally {
    await browser.close();
  }
});

/**
 * Comments on an expense in Chromium: Ana comments (Ctrl+Enter), Ben sees it live and after a
 * reload; his reply in Hebrew reads right to left and markup in a comment stays text; a comment
 * written offline waits in the outbox as pending and is confirmed once sent; a comment the
 * server refuses (Ben made a viewer while it waited) shows the server's reason; a viewer sees
 * the list but no form; times are never in the future; a long word keeps the page 360 px wide on a
 * phone; axe finds nothing serious on the page with the section.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { axeViolations } from "./_axe.ts";
import { eventually, launchBrowser, readAt, signInInUi, startApp, unique } from "./_browser.ts";

/** The comment showing this text, in this state (confirmed, pending, rejected). */
function comment(page: Page, text: string, state: string) {
  return page.locator(`[data-testid=comment][data-state=${state}]`).filter({
    has: page.getByTestId("comment-text").getByText(text, { exact: true }),
  });
}

/** The texts of the comments shown, in order. */
async function shownTexts(page: Page): Promise<string[]> {
  return await page.getByTestId("comment-text").allInnerTexts();
}

Deno.test("comments: written and read by two members, live and after a reload, offline through the outbox, refused with the reason, none from a viewer", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const email = (n: string) => `${n}-${unique()}@e2e.test`;
    const anaEmail = email("ana"),
      benEmail = email("ben"),
      veraEmail = email("vera");
    const { client: ana } = await app.api.register(anaEmail, "Ana");
    await app.api.register(benEmail, "Ben");
    await app.api.register(veraEmail, "Vera");
    const group = await ana.post("/v1/groups", {
      name: "Flat",
      currency: "EUR",
    });
    assert.equal(group.status, 201);
    const g = group.body.id as string;
    const benAdded = await ana.post(`/v1/groups/${g}/members`, {
      name: "Ben",
      email: benEmail,
      role: "member",
    });
    assert.equal(benAdded.status, 201, JSON.stringify(benAdded.body));
    const veraAdded = await ana.post(`/v1/groups/${g}/members`, {
      name: "Vera",
      email: veraEmail,
      role: "viewer",
    });
    assert.equal(veraAdded.status, 201, JSON.stringify(veraAdded.body));
    const dinner = await ana.post(`/v1/groups/${g}/expenses`, {
      description: "Dinner",
      total: { amount: "30.00", currency: "EUR" },
      date: "2026-11-20",
      paidBy: [{ memberId: group.body.memberId, amount: "30.00" }],
      split: {
        mode: "equal",
        shares: [{ memberId: group.body.memberId }, {
          memberId: benAdded.body.id,
        }],
      },
    });
    assert.equal(dinner.status, 201, JSON.stringify(dinner.body));
    const e = dinner.body.id as string;
    // The pages open once the read side has everything (the test knows the position, the browsers do not).
    await readAt(ana, `/v1/groups/${g}/expenses/${e}`, dinner.body.position);
    const path = `/groups/${g}/expenses/${e}`;

    const anaContext = await browser.newContext({ baseURL: app.url });
    const anaPage = await anaContext.newPage();
    await signInInUi(anaPage, anaEmail, path);
    const benContext = await browser.newContext({ baseURL: app.url });
    const benPage = await benContext.newPage();
    await signInInUi(benPage, benEmail, path);
    for (const page of [anaPage, benPage]) {
      await page.getByTestId("comments-empty").waitFor();
      await page.getByTestId("comment-form").waitFor();
      await page.locator("[data-testid=expense-detail][data-live=live]")
        .waitFor();
    }

    // Ana comments with Ctrl+Enter; the field is labelled and counts the characters.
    const input = anaPage.getByLabel("Add a comment");
    await input.fill("Who brought the wine?");
    assert.equal(
      await anaPage.getByTestId("comment-count").getAttribute("data-length"),
      "21",
    );
    await input.press("Control+Enter");
    await comment(anaPage, "Who brought the wine?", "confirmed").waitFor();
    assert.equal(await input.inputValue(), "", "the field is empty again");
    assert.equal(
      await comment(anaPage, "Who brought the wine?", "confirmed").getByTestId(
        "comment-author",
      ).innerText(),
      "Ana (you)",
    );
    // Ben sees it live, and after a reload, with its author.
    const fromAna = comment(benPage, "Who brought the wine?", "confirmed");
    await fromAna.waitFor();
    assert.equal(
      await fromAna.getByTestId("comment-author").innerText(),
      "Ana",
    );
    await benPage.reload();
    await fromAna.waitFor();

    // Ben answers with the Send button: Hebrew reads right to left, markup stays text.
    const hebrew = "אני הבאתי את היין";
    const benInput = benPage.getByLabel("Add a comment");
    await benInput.fill(hebrew);
    await benPage.getByTestId("comment-send").click();
    const answer = comment(benPage, hebrew, "confirmed");
    await answer.waitFor();
    const text = answer.getByTestId("comment-text");
    assert.equal(await text.getAttribute("dir"), "auto");
    // The page may re-render the list while the expense is read again (a node replaced between
    // the locator's resolving and the evaluation reads as ""): ask until a connected node answers.
    await eventually("the Hebrew comment reads right to left", async () => {
      const direction = await text.evaluate((el) =>
        // Runs in the page (this file is type-checked without the DOM library).
        // deno-lint-ignore no-explicit-any
        (el as any).isConnected ? (globalThis as any).getComputedStyle(el).direction : "detached"
      );
      return direction === "detached"
        ? undefined
        : direction === "rtl"
        ? true
        : assert.fail(`direction ${direction}`);
    });
    await benInput.fill("<b>bold</b> & <img src=x onerror=alert(1)>");
    await benInput.press("Control+Enter");
    const markup = comment(
      benPage,
      "<b>bold</b> & <img src=x onerror=alert(1)>",
      "confirmed",
    );
    await markup.waitFor();
    assert.equal(
      await markup.getByTestId("comment-text").locator("b, img").count(),
      0,
      "no HTML from a comment",
    );
    await comment(anaPage, hebrew, "confirmed").waitFor();

    // Offline, Ben's comment waits in the outbox as pending, then is sent and confirmed.
    await benContext.setOffline(true);
    await benInput.fill("Paid my half in cash");
    await benInput.press("Control+Enter");
    await comment(benPage, "Paid my half in cash", "pending").waitFor();
    await benPage.locator("[data-testid=connection-status][data-pending='1']")
      .waitFor();
    await benContext.setOffline(false);
    await comment(benPage, "Paid my half in cash", "confirmed").waitFor();
    await comment(anaPage, "Paid my half in cash", "confirmed").waitFor();
    assert.deepEqual(await shownTexts(anaPage), [
      "Who brought the wine?",
      hebrew,
      "<b>bold</b> & <img src=x onerror=alert(1)>",
      "Paid my half in cash",
    ]);

    // Times are relative and never in the future (the server's clock is this machine's here).
    for (
      const time of await anaPage.getByTestId("comment-time").allInnerTexts()
    ) {
      assert.doesNotMatch(time, /^in /, `"${time}"`);
    }
    // On a phone, one long word in a comment does not widen the page.
    await anaPage.getByLabel("Add a comment").fill("x".repeat(300));
    await anaPage.getByTestId("comment-send").click();
    await comment(anaPage, "x".repeat(300), "confirmed").waitFor();
    await anaPage.setViewportSize({ width: 360, height: 800 });
    const width = await anaPage.evaluate(() =>
      // deno-lint-ignore no-explicit-any
      (globalThis as any).document.documentElement.scrollWidth
    );
    assert.ok(width <= 360, `the expense page is ${width} px wide at 360 px`);

    // axe on the page with the section (list and form): nothing serious or critical.
    assert.deepEqual(
      await axeViolations(benPage, "expense page with comments"),
      [],
    );

    // Offline again, Ben writes one more; meanwhile Ana makes him a viewer: the server refuses it
    // and the page says why, and the form goes away.
    await benContext.setOffline(true);
    await benInput.fill("One more thing");
    await benInput.press("Control+Enter");
    await comment(benPage, "One more thing", "pending").waitFor();
    const demoted = await ana.patch(
      `/v1/groups/${g}/members/${benAdded.body.id}`,
      { role: "viewer" },
    );
    assert.equal(demoted.status, 200, JSON.stringify(demoted.body));
    await benContext.setOffline(false);
    const refused = comment(benPage, "One more thing", "rejected");
    await refused.waitFor();
    const reason = await refused.getByTestId("comment-rejected-detail")
      .innerText();
    assert.match(reason, /\S/, "the server's reason is shown");
    await benPage.getByTestId("comment-form").waitFor({ state: "detached" });
    await refused.getByTestId("comment-discard").click();
    await refused.waitFor({ state: "detached" });

    // Vera, a viewer, reads the comments and has no form.
    const veraContext = await browser.newContext({ baseURL: app.url });
    const veraPage = await veraContext.newPage();
    await signInInUi(veraPage, veraEmail, path);
    await eventually(
      "Vera sees the five comments",
      async () => (await shownTexts(veraPage)).length === 5 ? true : undefined,
    );
    await veraPage.getByTestId("expense-detail").waitFor();
    assert.equal(
      await veraPage.getByTestId("comment-form").count(),
      0,
      "no form for a viewer",
    );
    assert.equal(await veraPage.getByLabel("Add a comment").count(), 0);
  } finally {
    await browser.close();
  }
});

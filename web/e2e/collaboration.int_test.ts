/**
 * Two people, two browsers (two Chromium contexts), one group: Ana signs up
 * in the UI, creates a group and an invite; Bob opens the invite link, signs
 * up there and lands in the group. Each adds expenses in the UI, and each
 * sees the other's expense appear without a reload (the group page follows
 * `GET /v1/groups/{g}/live`); how long after the server acknowledged the
 * write is printed, not asserted (a loaded CI machine is no place for a
 * timed assertion: `cli/bench/live_bench.ts` measures write-to-live latency). Then both pages show the server's balances. Last, Ana governs her invites: the
 * members page lists the used one and a second link, which she revokes (through the outbox); that
 * link then answers 410 `invite.revoked`, and the join page says so.
 */
import assert from "node:assert/strict";
import type { Page, Response } from "playwright-core";
import {
  addExpenseInUi,
  createGroupInUi,
  eventually,
  type ExpenseInput,
  groupHead,
  launchBrowser,
  PASSWORD,
  sameAmounts,
  serverBalances,
  shownBalances,
  signUpInUi,
  startApp,
  unique,
  waitLive,
} from "./_browser.ts";

/** How long a page may take to show another device's expense (CI runs on 2 busy cores). */
const LIVE_TIMEOUT_MS = 30_000;

/**
 * Resolves with the page's clock (`Date.now()`) at the moment an expense row
 * with this description is in the DOM (a MutationObserver, so no polling
 * delay), or with null when none came within `timeoutMs`.
 */
function seenAt(
  page: Page,
  description: string,
  timeoutMs = LIVE_TIMEOUT_MS,
): Promise<number | null> {
  return page.evaluate(
    ({ description, timeoutMs }) =>
      new Promise<number | null>((resolve) => {
        // Runs in the page (this file is type-checked without the DOM library).
        // deno-lint-ignore no-explicit-any
        const { document, MutationObserver } = globalThis as any;
        const present = () =>
          [...document.querySelectorAll(
            '[data-testid="expense-row"] [data-testid="expense-description"]',
          )].some((el: { textContent: string | null }) => el.textContent?.trim() === description);
        if (present()) return resolve(Date.now());
        const observer = new MutationObserver(() => {
          if (!present()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(Date.now());
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          resolve(null);
        }, timeoutMs);
        observer.observe(document.body, {
          childList: true,
          subtree: true,
          characterData: true,
        });
      }),
    { description, timeoutMs },
  );
}

/** Whether a response is the `POST /v1/sync` that carried the expense with this description. */
function syncOf(description: string) {
  return (r: Response) =>
    r.request().method() === "POST" &&
    new URL(r.url()).pathname === "/v1/sync" &&
    (r.request().postData() ?? "").includes(JSON.stringify(description));
}

/**
 * `writer` adds the expense in the UI while `watcher` sits on the group page;
 * answers how long after the server's answer to the writer's sync the watcher
 * had the expense on screen (both times from the browsers' wall clock).
 */
async function liveLatency(
  writer: Page,
  watcher: Page,
  expense: ExpenseInput,
): Promise<number> {
  await waitLive(watcher);
  await waitLive(writer);
  const seen = seenAt(watcher, expense.description);
  // The outbox is sent by the page or, through Background Sync, by its service worker: listen
  // on the whole context.
  const acked = writer.context().waitForEvent(
    "response",
    syncOf(expense.description),
  );
  await addExpenseInUi(writer, expense);
  const response = await acked;
  assert.equal(response.status(), 200, "the sync was answered");
  const results = (await response.json()).results as { status: number }[];
  assert.ok(results.every((r) => r.status === 201), JSON.stringify(results));
  await response.finished();
  // The moment the writer's browser had the server's whole answer.
  const timing = response.request().timing();
  const ackAt = timing.startTime +
    Math.max(timing.responseStart, timing.responseEnd);
  const seenTime = await seen;
  assert.ok(
    seenTime !== null,
    `the other page never showed “${expense.description}” (waited ${LIVE_TIMEOUT_MS / 1000} s)`,
  );
  return seenTime - ackAt;
}

Deno.test("collaboration: invited by link, two people see each other's expenses live within a second", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const tag = unique();
    const ana = { name: "Ana", email: `ana-${tag}@e2e.test` };
    const bob = { name: "Bob", email: `bob-${tag}@e2e.test` };

    // Ana: sign up, create the group, open it, create an invite link.
    const anaPage = await (await browser.newContext({ baseURL: app.url }))
      .newPage();
    await anaPage.goto("/signup");
    await signUpInUi(anaPage, ana);
    const groupId = await createGroupInUi(anaPage, "Lisbon trip");
    await anaPage.getByTestId("group-nav-members").click();
    await anaPage.getByTestId("invite-submit").click();
    const link = await eventually("the invite link", async () => {
      const v = await anaPage.getByTestId("invite-link").inputValue({
        timeout: 1_000,
      });
      return v.includes("/join/") ? v : undefined;
    });
    assert.equal(new URL(link).origin, app.url);
    await anaPage.getByTestId("invite-qr").waitFor();

    // Bob, in his own browser context: the link, sign up there, straight into the group.
    const bobPage = await (await browser.newContext({ baseURL: app.url }))
      .newPage();
    await bobPage.goto(link);
    await bobPage.getByTestId("join-signup").click();
    await bobPage.waitForURL((u) => u.pathname === "/signup");
    await signUpInUi(bobPage, bob);
    await bobPage.waitForURL((u) => u.pathname === `/groups/${groupId}`);
    await bobPage.getByTestId("group-title").waitFor();

    // Ana's members page follows the group: Bob shows up there without a reload.
    await anaPage.locator(
      `[data-testid=member-row][data-member-name="${bob.name}"]`,
    ).waitFor();
    await anaPage.getByTestId("group-nav-overview").click();
    await anaPage.getByTestId("group-title").waitFor();
    // Both forms split between both of them by default.
    for (const page of [anaPage, bobPage]) {
      await eventually(
        "both members in the balances",
        async () => (await page.getByTestId("balance-row").count()) === 2 ? true : undefined,
      );
    }

    const latencies: number[] = [];
    const rounds: [Page, Page, ExpenseInput][] = [
      [anaPage, bobPage, {
        description: "Taxi from the airport",
        amount: "24.00",
      }],
      [bobPage, anaPage, {
        description: "Groceries at Pingo Doce",
        amount: "37.40",
      }],
      [anaPage, bobPage, {
        description: "Pastéis de nata",
        amount: "9.60",
        category: "food",
      }],
      [bobPage, anaPage, {
        description: "Tram 28 tickets",
        amount: "12.00",
        category: "transport",
      }],
    ];
    for (const [writer, watcher, expense] of rounds) {
      latencies.push(await liveLatency(writer, watcher, expense));
    }
    // deno-lint-ignore no-console
    console.log(
      `each expense on the other page after the server's answer: ${
        latencies.map((ms) => `${ms.toFixed(0)} ms`).join(", ")
      }`,
    );

    // Both pages show every expense and the server's balances.
    const login = await app.api.post("/v1/auth/login", {
      email: ana.email,
      password: PASSWORD,
    });
    assert.equal(login.status, 200);
    const owner = app.api.as(login.body.token);
    const expected = await serverBalances(owner, groupId, await groupHead(app, groupId));
    // Ana paid 24.00 + 9.60, Bob 37.40 + 12.00, all split in two: Ana −7.90, Bob +7.90.
    assert.deepEqual(Object.values(expected).sort(), ["-7.90", "7.90"]);
    for (const page of [anaPage, bobPage]) {
      for (const [, , e] of rounds) {
        await page.getByTestId("expense-description").getByText(e.description, {
          exact: true,
        })
          .waitFor();
      }
      await eventually("the page's balances equal the server's", async () => {
        const shown = await shownBalances(page);
        return sameAmounts(shown, expected) ? shown : undefined;
      });
    }

    // Ana's invites: the one Bob used, and a second link that she revokes.
    await anaPage.getByTestId("group-nav-members").click();
    await anaPage.locator("[data-testid=invite-row][data-status=used]")
      .waitFor();
    await anaPage.getByTestId("invite-submit").click();
    const second = await eventually("a second invite link", async () => {
      const v = await anaPage.getByTestId("invite-link").inputValue({
        timeout: 1_000,
      });
      return v.includes("/join/") && v !== link ? v : undefined;
    });
    const active = anaPage.locator(
      "[data-testid=invite-row][data-status=active]",
    );
    await active.waitFor();
    assert.equal(await active.count(), 1);
    assert.match(await active.innerText(), /Made by Ana/);
    const revokedId = (await active.getAttribute("data-invite-id"))!;
    const revoked = anaPage.context().waitForEvent(
      "response",
      (r) =>
        r.request().method() === "POST" &&
        new URL(r.url()).pathname === "/v1/sync" &&
        (r.request().postData() ?? "").includes('"invite.revoke"'),
    );
    await active.getByTestId("invite-revoke").click();
    await active.getByTestId("invite-revoke-confirm").click();
    const synced = await revoked;
    assert.deepEqual(
      ((await synced.json()).results as { status: number }[]).map((r) => r.status),
      [200],
    );
    await anaPage.locator(
      `[data-testid=invite-row][data-invite-id="${revokedId}"][data-status=revoked]`,
    ).waitFor();
    assert.equal(
      await anaPage.locator("[data-testid=invite-row][data-status=active]")
        .count(),
      0,
    );

    // Bob opens the revoked link: the server answers 410, the page tells him why.
    const accepted = bobPage.waitForResponse((r) => new URL(r.url()).pathname.endsWith("/accept"));
    await bobPage.goto(second);
    const answer = await accepted;
    assert.equal(answer.status(), 410);
    assert.equal((await answer.json()).code, "invite.revoked");
    assert.match(
      await bobPage.getByTestId("join-error").innerText(),
      /This invite was revoked\. Ask for a new one\./,
    );
  } finally {
    await browser.close();
  }
});

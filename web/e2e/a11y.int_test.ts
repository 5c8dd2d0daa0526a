/**
 * Issue 16: axe-core on every page of the PWA, at a phone's size (390×844)
 * and a desktop's (1280×800), with a group full of data (members, expenses in
 * two currencies and a split by percent, an amended and a voided one, a
 * payment, an invite, a receipt on an expense): no serious or critical violation. WCAG 2.5.3 (a
 * control's accessible name contains its visible label) is checked too, with
 * axe's `label-content-name-mismatch` rule, which axe leaves off by default.
 * Open dialogs and forms are checked too: recording a payment, and the
 * account page with its sessions and the deletion form. The conflict screen
 * is checked by its own test (conflict.int_test.ts), which makes a conflict.
 */
import assert from "node:assert/strict";
import { axeViolations as violations } from "./_axe.ts";
import { launchBrowser, PASSWORD, readAt, signUpInUi, startApp, unique } from "./_browser.ts";
import { png } from "./_files.ts";

const SIZES = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

Deno.test("a11y: every page, phone and desktop, has no serious or critical axe violation", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      baseURL: app.url,
      viewport: SIZES.phone,
    });
    const page = await context.newPage();
    const found: string[] = [];

    // Signed out: the sign-in and sign-up pages, and an invite's page (made below).
    const signedOut = async (size: string) => {
      await page.goto("/signin");
      await page.getByTestId("signin-form").waitFor();
      found.push(...await violations(page, `${size} /signin`));
      await page.goto("/signup");
      await page.getByTestId("signup-name").waitFor();
      found.push(...await violations(page, `${size} /signup`));
    };
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      await signedOut(size);
    }

    const email = `ana-${unique()}@e2e.test`;
    await signUpInUi(page, { name: "Ana", email });
    const login = await app.api.post("/v1/auth/login", {
      email,
      password: PASSWORD,
    });
    assert.equal(login.status, 200);
    const ana = app.api.as(login.body.token);
    const group = await ana.post("/v1/groups", {
      name: "Lisbon trip",
      currency: "EUR",
    });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const g = group.body.id as string;
    const me = group.body.memberId as string;
    const ids = [me];
    for (const name of ["Bea", "Chen"]) {
      const m = await ana.post(`/v1/groups/${g}/members`, {
        name,
        role: "member",
      });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      ids.push(m.body.id);
    }
    const [, bea, chen] = ids;
    const post = async (path: string, body: unknown) => {
      const r = await ana.post(`/v1/groups/${g}/${path}`, body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body as { id: string; position: number };
    };
    const dinner = await post("expenses", {
      description: "Dinner",
      category: "food",
      total: { amount: "90.00", currency: "EUR" },
      date: "2026-11-20",
      paidBy: [{ memberId: me, amount: "90.00" }],
      split: { mode: "equal", shares: ids.map((memberId) => ({ memberId })) },
      note: "At the harbour",
    });
    await post("expenses", {
      description: "Sushi",
      category: "food",
      total: { amount: "2000", currency: "JPY" },
      fx: { rate: "0.0061" },
      date: "2026-11-21",
      paidBy: [{ memberId: bea, amount: "1200" }, {
        memberId: chen,
        amount: "800",
      }],
      split: {
        mode: "percent",
        shares: [{ memberId: me, percent: "50" }, {
          memberId: bea,
          percent: "25",
        }, {
          memberId: chen,
          percent: "25",
        }],
      },
    });
    const taxi = await post("expenses", {
      description: "Taxi",
      category: "transport",
      total: { amount: "12.00", currency: "EUR" },
      date: "2026-10-02",
      paidBy: [{ memberId: chen, amount: "12.00" }],
      split: { mode: "equal", shares: ids.map((memberId) => ({ memberId })) },
    });
    const amended = await ana.put(`/v1/groups/${g}/expenses/${dinner.id}`, {
      description: "Dinner",
      category: "food",
      total: { amount: "96.00", currency: "EUR" },
      date: "2026-11-20",
      paidBy: [{ memberId: me, amount: "96.00" }],
      split: { mode: "equal", shares: ids.map((memberId) => ({ memberId })) },
      note: "At the harbour",
    }, { "If-Match": '"1"' });
    assert.equal(amended.status, 200, JSON.stringify(amended.body));
    const voided = await ana.delete(`/v1/groups/${g}/expenses/${taxi.id}`, {
      "If-Match": '"1"',
    });
    assert.equal(voided.status, 200, JSON.stringify(voided.body));
    const paid = await post("settlements", {
      from: bea,
      to: me,
      amount: { amount: "10.00", currency: "EUR" },
      date: "2026-11-22",
    });
    const invite = await ana.post(`/v1/groups/${g}/invites`, {
      role: "member",
    });
    assert.equal(invite.status, 201, JSON.stringify(invite.body));
    // A receipt on the dinner: its section shows a thumbnail, a download link and Remove.
    const receipt = await ana.request(
      "PUT",
      `/v1/groups/${g}/expenses/${dinner.id}/attachments/${crypto.randomUUID()}?name=receipt.png`,
      png(320, 240),
      { "content-type": "image/png" },
    );
    assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
    const position = Math.max(
      paid.position,
      invite.body.position ?? 0,
      Number(receipt.headers.get("kopek-position") ?? 0),
    );
    // The read side has all of it before the pages ask (they read without a position).
    await readAt(ana, `/v1/groups/${g}/expenses`, position);

    const pages: [string, () => Promise<unknown>][] = [
      [
        "/",
        () =>
          page.locator(`[data-group-id="${g}"]`).getByTestId("group-link")
            .waitFor(),
      ],
      [`/groups/${g}`, async () => {
        await page.getByTestId("balance-row").nth(2).waitFor();
        await page.getByTestId("expense-row").nth(1).waitFor();
      }],
      [
        `/groups/${g}/expenses/new`,
        () => page.getByTestId("expense-form").waitFor(),
      ],
      [
        `/groups/${g}/expenses/${dinner.id}`,
        async () => {
          await page.getByTestId("expense-detail").waitFor();
          await page.getByTestId("attachment-thumbnail").waitFor();
        },
      ],
      [
        `/groups/${g}/expenses/${taxi.id}`,
        () => page.getByTestId("expense-voided").waitFor(),
      ],
      [
        `/groups/${g}/payments/${paid.id}`,
        () => page.getByTestId("payment-detail").waitFor(),
      ],
      [
        `/groups/${g}/members`,
        () => page.getByTestId("member-row").nth(2).waitFor(),
      ],
      [
        `/groups/${g}/reports`,
        () =>
          page.locator("[data-testid=chart-months] [data-testid=bar]").first()
            .waitFor({
              state: "attached",
            }),
      ],
      [
        `/groups/${g}/activity`,
        () => page.getByTestId("activity-item").nth(5).waitFor(),
      ],
      [`/groups/${g}/categories`, () => page.getByTestId("category-form").waitFor()],
      ["/outbox", () => page.locator("main h1, h1").first().waitFor()],
      ["/import", () => page.getByTestId("import-form").waitFor()],
      ["/account", () => page.getByTestId("session").first().waitFor()],
    ];
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      for (const [path, ready] of pages) {
        await page.goto(path);
        await ready();
        found.push(...await violations(page, `${size} ${path}`));
      }
      // Recording a payment: the dialog open over the group page.
      await page.goto(`/groups/${g}`);
      await page.getByTestId("record-payment").click();
      await page.getByTestId("payment-dialog").waitFor();
      found.push(...await violations(page, `${size} payment dialog`));
      // The account page with the deletion form open.
      await page.goto("/account");
      await page.getByTestId("delete-start").click();
      await page.getByTestId("delete-form").waitFor();
      found.push(...await violations(page, `${size} /account, deleting`));
      // The expense form, edited, and with its errors showing.
      await page.goto(`/groups/${g}/expenses/${dinner.id}`);
      await page.getByTestId("expense-edit").click();
      await page.getByTestId("expense-form").waitFor();
      found.push(...await violations(page, `${size} edit expense`));
      await page.goto(`/groups/${g}/expenses/new`);
      await page.getByTestId("expense-description-input").fill("Museum");
      await page.getByTestId("expense-amount-input").fill("30.00");
      await page.getByTestId("split-mode-percent").check();
      await page.getByTestId("expense-submit").click();
      await page.locator("#exp-preview.error-text").waitFor();
      found.push(...await violations(page, `${size} new expense with errors`));
    }

    // The invite's page, as someone not signed in opens the link.
    const stranger = await browser.newContext({ baseURL: app.url });
    const other = await stranger.newPage();
    for (const [size, viewport] of Object.entries(SIZES)) {
      await other.setViewportSize(viewport);
      await other.goto(`/join/${invite.body.code}`);
      await other.getByTestId("join-signup").waitFor();
      found.push(...await violations(other, `${size} /join/{code}`));
    }
    await stranger.close();
    await context.close();

    assert.deepEqual(found, [], `axe found:\n${found.join("\n")}`);
  } finally {
    await browser.close();
  }
});

/**
 * The PWA on a 360 px phone (issue 16, item 6): no page scrolls sideways, even
 * with one long unbroken word in a group's name, a member's name, an expense's
 * description and note; every button is a tap target at least 44 px tall, and
 * so is a whole expense row (a tap anywhere on it opens the expense); the
 * report's month labels are readable and never overlap, on a phone and on a
 * desktop. The payment dialog, a payment's page and the account page (with its
 * sessions and the deletion form) are measured too.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  eventually,
  launchBrowser,
  PASSWORD,
  readAt,
  signUpInUi,
  startApp,
  unique,
} from "./_browser.ts";

/** The little of the DOM the checks below read in the page (this file is type-checked without the DOM library). */
interface Rect {
  left: number;
  right: number;
  top: number;
  width: number;
  height: number;
}
interface El {
  getBoundingClientRect(): Rect;
  getAttribute(name: string): string | null;
  closest(selector: string): El | null;
}
interface Dom {
  document: {
    documentElement: { scrollWidth: number };
    elementFromPoint(x: number, y: number): El | null;
  };
  getComputedStyle(e: unknown): { fontSize: string };
}

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

/** Nothing wider than the screen, and every visible button at least 44 px tall. */
async function assertFits(page: Page, where: string): Promise<void> {
  const width = await page.evaluate(() =>
    (globalThis as unknown as Dom).document.documentElement.scrollWidth
  );
  assert.ok(
    width <= PHONE.width,
    `${where}: the page is ${width} px wide on a ${PHONE.width} px screen`,
  );
  for (const b of await page.locator("button, .button, [role=button]").all()) {
    const box = await b.boundingBox();
    if (!box || box.width === 0 || box.height === 0) continue; // not shown
    const name = (await b.textContent())?.trim() || (await b.getAttribute("aria-label"));
    assert.ok(box.height >= 44, `${where}: button "${name}" is ${box.height} px tall`);
  }
}

/** The month labels of the report: readable (≥ 12 px tall) and not overlapping one another. */
async function assertMonthLabels(page: Page, where: string, months: number): Promise<void> {
  const labels = page.locator("[data-testid=chart-months] [data-testid=bar-label]");
  await eventually(
    `${where}: ${months} month labels`,
    async () => (await labels.count()) >= months ? true : undefined,
  );
  type Box = { x: number; y: number; width: number; height: number };
  const boxes: Box[] = [];
  for (const l of await labels.all()) {
    const box = (await l.boundingBox())!;
    assert.ok(box.height >= 12, `${where}: a month label is ${box.height} px tall`);
    const size = await l.evaluate((e) =>
      parseFloat((globalThis as unknown as Dom).getComputedStyle(e).fontSize)
    );
    assert.ok(size >= 12, `${where}: a month label's font is ${size} px`);
    boxes.push(box);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a: Box = boxes[i], b: Box = boxes[j];
      const apart: boolean = a.x + a.width <= b.x || b.x + b.width <= a.x ||
        a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, `${where}: month labels ${i} and ${j} overlap`);
    }
  }
}

Deno.test("layout: every page fits a 360 px phone, tap targets are 44 px, month labels are readable", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ baseURL: app.url, viewport: PHONE });
    const page = await context.newPage();

    await page.goto("/signin");
    await page.getByTestId("signin-form").waitFor();
    await assertFits(page, "/signin");
    await page.goto("/signup");
    await page.getByTestId("signup-name").waitFor();
    await assertFits(page, "/signup");

    const email = `ana-${unique()}@e2e.test`;
    await signUpInUi(page, { name: "Ana", email });
    const login = await app.api.post("/v1/auth/login", { email, password: PASSWORD });
    assert.equal(login.status, 200);
    const ana = app.api.as(login.body.token);

    const groupName = "G".repeat(120);
    const group = await ana.post("/v1/groups", { name: groupName, currency: "EUR" });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const g = group.body.id as string;
    const me = group.body.memberId as string;
    const other = await ana.post(`/v1/groups/${g}/members`, {
      name: "M".repeat(120),
      role: "member",
    });
    assert.equal(other.status, 201, JSON.stringify(other.body));

    const longWord = "W".repeat(200); // the longest description the API takes
    const expense = (description: string, date: string, amount: string, note?: string) =>
      ana.post(`/v1/groups/${g}/expenses`, {
        description,
        total: { amount, currency: "EUR" },
        date,
        paidBy: [{ memberId: me, amount }],
        split: { mode: "equal", shares: [{ memberId: me }, { memberId: other.body.id }] },
        ...(note ? { note } : {}),
      });
    const long = await expense(longWord, "2026-11-20", "1234.56", "N".repeat(300));
    assert.equal(long.status, 201, JSON.stringify(long.body));
    const months = 12;
    const rents = [];
    for (let m = 1; m <= months; m++) {
      const r = await expense(
        `Rent ${m}`,
        `2026-${String(m).padStart(2, "0")}-01`,
        `${100 + m}.00`,
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      rents.push(r);
    }

    // The read side has all of it before the pages ask (they read without a position).
    let position = 0;
    for (const e of [long, ...rents]) position = Math.max(position, e.body.position);
    assert.ok(position > 0, "the writes answer their position");
    await readAt(ana, `/v1/groups/${g}/expenses`, position);
    await page.goto("/");
    await page.locator(`[data-group-id="${g}"]`).getByTestId("group-link").waitFor();
    await assertFits(page, "/");

    // The group: every expense row is one tap target, ≥ 44 px tall, opening the expense.
    await page.goto(`/groups/${g}`);
    await eventually(
      "the expenses on the group page",
      async () => (await page.getByTestId("expense-row").count()) === months + 1 ? true : undefined,
    );
    await page.getByTestId("balance-row").first().waitFor();
    await assertFits(page, "/groups/{g}");
    for (const row of await page.getByTestId("expense-row").all()) {
      const id = await row.getAttribute("data-expense-id");
      const box = (await row.boundingBox())!;
      const targets = await row.evaluate((li) => {
        const { document } = globalThis as unknown as Dom;
        // Away from the sticky header.
        (li as unknown as { scrollIntoView(o: unknown): void }).scrollIntoView({ block: "center" });
        const r = (li as unknown as El).getBoundingClientRect();
        const y = r.top + r.height / 2;
        return [r.left + 4, r.left + r.width / 2, r.right - 4].map((x) => {
          const hit = document.elementFromPoint(x, y);
          const a = hit?.closest("a");
          return {
            href: a?.getAttribute("href"),
            height: a?.getBoundingClientRect().height ?? 0,
            hit: (hit as unknown as { outerHTML?: string })?.outerHTML?.slice(0, 120),
            x,
            y,
          };
        });
      });
      for (const t of targets) {
        assert.equal(
          t?.href,
          `/groups/${g}/expenses/${id}`,
          `a tap on expense row ${id} opens it (width ${box.width}): ${JSON.stringify(t)}`,
        );
        assert.ok(t.height >= 44, `expense row ${id}: its link is ${t.height} px tall`);
      }
    }
    // A tap on the amount, far from the description, opens the expense.
    const longRow = page.locator(`[data-testid=expense-row][data-expense-id="${long.body.id}"]`);
    await longRow.getByTestId("expense-amount").click();
    await page.waitForURL((u) => u.pathname === `/groups/${g}/expenses/${long.body.id}`);
    await page.getByTestId("expense-detail").waitFor();
    await assertFits(page, "expense detail");
    await page.getByTestId("expense-edit").click();
    await page.getByTestId("expense-form").waitFor();
    await assertFits(page, "expense edit");

    await page.goto(`/groups/${g}/expenses/new`);
    await page.getByTestId("expense-form").waitFor();
    await assertFits(page, "new expense");

    // A payment with a long unbroken note: its row is one tap target, and the dialog and the
    // payment's page fit too.
    const paid = await ana.post(`/v1/groups/${g}/settlements`, {
      from: other.body.id,
      to: me,
      amount: { amount: "12.34", currency: "EUR" },
      date: "2026-11-21",
      note: "P".repeat(300),
    });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    await readAt(ana, `/v1/groups/${g}/expenses`, paid.body.position);
    await page.goto(`/groups/${g}`);
    const paymentLink = page.locator(
      `[data-testid=payment-row][data-payment-id="${paid.body.id}"] [data-testid=payment-link]`,
    );
    await paymentLink.waitFor();
    await assertFits(page, "/groups/{g} with a payment");
    const linkBox = (await paymentLink.boundingBox())!;
    assert.ok(linkBox.height >= 44, `the payment row's link is ${linkBox.height} px tall`);
    await page.getByTestId("record-payment").click();
    await page.getByTestId("payment-dialog").waitFor();
    await assertFits(page, "the payment dialog");
    await page.getByTestId("payment-cancel").click();
    await paymentLink.click();
    await page.getByTestId("payment-detail").waitFor();
    await assertFits(page, "payment page");
    await page.getByTestId("payment-edit").click();
    await page.getByTestId("payment-dialog").waitFor();
    await assertFits(page, "payment edit");

    await page.goto(`/groups/${g}/members`);
    await page.getByTestId("member-row").nth(1).waitFor();
    await assertFits(page, "members");

    await page.goto(`/groups/${g}/activity`);
    await page.getByTestId("activity-item").first().waitFor();
    await assertFits(page, "activity");

    await page.goto(`/groups/${g}/reports`);
    await page.locator("[data-testid=chart-months] [data-testid=bar]").first().waitFor({
      state: "attached",
    });
    await assertMonthLabels(page, "reports on a phone", months);
    await assertFits(page, "reports");

    for (const path of ["/outbox", "/import"]) {
      await page.goto(path);
      await page.locator("main h1, h1").first().waitFor();
      await assertFits(page, path);
    }
    // The account page with what it reads: this device's session, and the deletion form open.
    await page.goto("/account");
    await page.getByTestId("session").first().waitFor();
    await assertFits(page, "/account");
    await page.getByTestId("delete-start").click();
    await page.getByTestId("delete-form").waitFor();
    await assertFits(page, "/account, deleting");

    await page.setViewportSize(DESKTOP);
    await page.goto(`/groups/${g}/reports`);
    await page.locator("[data-testid=chart-months] [data-testid=bar]").first().waitFor({
      state: "attached",
    });
    await assertMonthLabels(page, "reports on a desktop", months);
    await context.close();
  } finally {
    await browser.close();
  }
});

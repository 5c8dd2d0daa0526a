/**
 * Payments people can make, in Chromium (ADR 0052): the payer of a settle-up transfer sees the
 * creditor's ways to pay; the EPC (SEPA) QR code is drawn from the domain's payload and, read
 * back from the page's drawing with a QR decoder (jsQR), holds exactly that payload (UTF-8 name
 * included); the PayPal.me link carries the amount; "Mark as paid" records the settlement through
 * the outbox and everyone is square, on the page and on the server.
 */
import assert from "node:assert/strict";
import * as jsqrModule from "jsqr";
import type { Page } from "playwright-core";
import { epcPayload } from "@kopek/domain";
import {
  eventually,
  groupHead,
  launchBrowser,
  openGroupWithPlaceholders,
  readAt,
  sameAmounts,
  serverBalances,
  shownBalances,
  startApp,
} from "./_browser.ts";

/** jsQR's decoder (a CommonJS module: its default export, however it is wrapped). */
type Decode = (data: Uint8ClampedArray, w: number, h: number) => { binaryData: number[] } | null;
const wrapped = jsqrModule as unknown as { default: Decode | { default: Decode } };
const jsQR: Decode = typeof wrapped.default === "function"
  ? wrapped.default
  : wrapped.default.default;

/** The bits of the DOM the drawing below uses (the test's type checking knows no DOM). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: "2d"): {
    fillStyle: string;
    fillRect(x: number, y: number, w: number, h: number): void;
    scale(x: number, y: number): void;
    fill(path: unknown): void;
    getImageData(x: number, y: number, w: number, h: number): {
      width: number;
      height: number;
      data: ArrayLike<number>;
    };
  };
}
interface Dom {
  document: { createElement(tag: "canvas"): Canvas };
  Path2D: new (d: string) => unknown;
}

/**
 * The QR code as the page draws it (its SVG path, filled on a canvas at 8 pixels a module),
 * decoded by jsQR: the bytes it holds, as UTF-8 text.
 */
async function decodeShownQr(page: Page, testid: string): Promise<string> {
  // The SVG path filled on a canvas, 8 pixels a module: what the page draws, as pixels.
  const image = await page.getByTestId(testid).evaluate((svg) => {
    const dom = globalThis as unknown as Dom;
    const size = Number(svg.getAttribute("viewBox")!.split(" ")[2]);
    const d = svg.querySelector("path")!.getAttribute("d")!;
    const scale = 8;
    const canvas = dom.document.createElement("canvas");
    canvas.width = canvas.height = size * scale;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.fillStyle = "#000";
    ctx.fill(new dom.Path2D(d));
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, rgba: Array.from(data.data) };
  });
  const code = jsQR(
    Uint8ClampedArray.from(image.rgba),
    image.width,
    image.height,
  );
  assert.ok(code, "jsQR finds a QR code in the drawing");
  return new TextDecoder("utf-8", { fatal: true }).decode(
    Uint8Array.from(code.binaryData),
  );
}

Deno.test("payment links: the EPC QR holds the transfer, PayPal carries the amount, mark as paid settles", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { context, page, groupId, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Ski trip",
      "Ana",
      ["Ben"],
    );
    // Ben (a placeholder: the owner sets his handles) paid 60.00 for both: Ana owes him 30.00.
    const iban = {
      kind: "iban",
      iban: "DE89 3704 0044 0532 0130 00",
      name: "Ben Müller",
    };
    const handles = await owner.put(
      `/v1/groups/${groupId}/members/${ids.Ben}/payment-handles`,
      {
        handles: [iban, { kind: "paypal", username: "benm" }, {
          kind: "upi",
          vpa: "ben@okaxis",
        }],
      },
    );
    assert.equal(handles.status, 200, JSON.stringify(handles.body));
    const spent = await owner.post(`/v1/groups/${groupId}/expenses`, {
      description: "Chalet",
      total: { amount: "60.00", currency: "EUR" },
      date: "2026-12-01",
      paidBy: [{ memberId: ids.Ben, amount: "60.00" }],
      split: {
        mode: "equal",
        shares: [{ memberId: ids.Ana }, { memberId: ids.Ben }],
      },
    });
    assert.equal(spent.status, 201, JSON.stringify(spent.body));
    const row = page.locator(
      `[data-testid=settle-row][data-from="${ids.Ana}"][data-to="${ids.Ben}"]`,
    );
    await eventually(
      "Ana pays Ben 30.00",
      async () =>
        (await row.getAttribute("data-amount", { timeout: 200 })) === "30.00" ? true : undefined,
    );

    // The ways to pay Ben: the QR code (EUR), PayPal with the amount; UPI is for INR only.
    await row.getByTestId("pay-options-toggle").click();
    const expected = epcPayload({
      name: "Ben Müller",
      iban: "DE89370400440532013000",
      bic: null,
      amount: 3000n,
      text: "Ski trip",
    });
    const figure = row.getByTestId("epc-qr");
    await figure.waitFor();
    assert.equal(await figure.getAttribute("data-payload"), expected);
    assert.equal(await decodeShownQr(page, "epc-qr-code"), expected);
    assert.equal(
      await row.getByTestId("pay-link-paypal").getAttribute("href"),
      "https://paypal.me/benm/30.00EUR",
    );
    assert.equal(await row.getByTestId("pay-link-upi").count(), 0);

    // Mark as paid: the settlement goes through the outbox; everyone is square.
    await row.getByTestId("mark-paid").click();
    await page.getByTestId("settle-empty").waitFor();
    await page.locator("[data-testid=connection-status][data-pending='0']")
      .waitFor();
    const square = { [ids.Ana]: "0.00", [ids.Ben]: "0.00" };
    await eventually(
      "the page shows everyone square",
      async () => sameAmounts(await shownBalances(page), square) ? true : undefined,
    );
    await readAt(
      owner,
      `/v1/groups/${groupId}/expenses?kind=settlement`,
      spent.body.position,
    );
    const recorded = await eventually(
      "the settlement on the server",
      async () => {
        const list = await owner.get(
          `/v1/groups/${groupId}/expenses?kind=settlement`,
        );
        const items = list.body.items as {
          from: string;
          to: string;
          amount: { amount: string };
        }[];
        return items.length === 1 ? items[0] : undefined;
      },
    );
    assert.deepEqual([recorded.from, recorded.to, recorded.amount.amount], [
      ids.Ana,
      ids.Ben,
      "30.00",
    ]);
    const head = await groupHead(app, groupId);
    assert.ok(sameAmounts(await serverBalances(owner, groupId, head), square));
    await context.close();
  } finally {
    await browser.close();
  }
});

Deno.test("payment links: a member saves how to be paid, an owner turns debt simplification off", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { context, page, groupId, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Flat",
      "Ana",
      ["Ben"],
    );
    await page.goto(`/groups/${groupId}/members`);
    const settings = page.getByTestId("payment-settings");
    await settings.getByTestId("handle-iban").fill("gb82 west 1234 5698 7654 32");
    await settings.getByTestId("handle-iban-name").fill("Ana Ågren");
    await settings.getByTestId("handle-paypal").fill("anaa");
    await settings.getByTestId("handles-save").click();
    await settings.getByRole("status").getByText("Saved").waitFor();
    // The page saved through the API: read the handles once the read model has the group's last
    // event (the event log is the store's, so it already holds it).
    const log = await owner.get(`/v1/groups/${groupId}/events?limit=500`);
    const head = log.body.items.at(-1).position as number;
    const read = await readAt(owner, `/v1/groups/${groupId}/payment-handles`, head);
    assert.deepEqual(read.body.items, [{
      memberId: ids.Ana,
      version: 1,
      handles: [
        { kind: "iban", iban: "GB82WEST12345698765432", name: "Ana Ågren", bic: null },
        { kind: "paypal", username: "anaa" },
      ],
    }]);
    // A bad IBAN is refused with the server's words; nothing changes.
    await settings.getByTestId("handle-iban").fill("GB82WEST12345698765433");
    await settings.getByTestId("handles-save").click();
    await settings.getByTestId("payment-settings-error").waitFor();

    await settings.getByTestId("simplify-debts").uncheck();
    await eventually("the group no longer simplifies debts", async () => {
      const g = await owner.get(`/v1/groups/${groupId}`);
      return g.body.simplifyDebts === false ? true : undefined;
    });
    await context.close();
  } finally {
    await browser.close();
  }
});

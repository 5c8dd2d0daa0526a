/**
 * Receipts on an expense in Chromium (ADR 0055, 0056): a 10 MiB PDF uploaded from the PWA is
 * stored byte for byte and downloaded back through its signed link (the download's SHA-256 is the
 * server's metadata's, and the file's); a photo gets its thumbnail; a member removes a file; a file
 * over 10 MiB is refused on the device with a message and never sent; a forged "photo" and a pixel
 * bomb are refused by the server and shown with its reason, kept until removed; a viewer sees the
 * files but cannot add or remove. Offline, a file added to an expense that is itself still in the
 * outbox waits on the device (also across a reload) and uploads once back online, after the
 * expense.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import {
  addExpenseInUi,
  eventually,
  expenseRow,
  groupHead,
  launchBrowser,
  openGroupWithPlaceholders,
  readAt,
  signInInUi,
  startApp,
  unique,
} from "./_browser.ts";
import { pdfOfSize, pixelBomb, png, sha256 } from "./_files.ts";

const MiB = 1024 * 1024;

/** A file as the picker gives it to the page. */
function upload(name: string, mimeType: string, bytes: Uint8Array) {
  return {
    name,
    mimeType,
    buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
}

/** The attachment rows of the page in a state (stored, waiting, uploading, refused). */
function files(page: Page, state: string) {
  return page.locator(`[data-testid=attachment][data-state=${state}]`);
}

/** The row of the file with this name, in a state. */
function file(page: Page, name: string, state: string) {
  return files(page, state).filter({ hasText: name });
}

interface ServerAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  hasThumbnail: boolean;
}

Deno.test("attachments: a 10 MiB PDF up and back byte for byte, a photo's thumbnail, removal, refusals on the device and by the server, a viewer", async () => {
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
    assert.equal(vera.status, 201, JSON.stringify(vera.body));
    const me = group.body.memberId as string;
    const dinner = await ana.post(`/v1/groups/${g}/expenses`, {
      description: "Dinner",
      total: { amount: "30.00", currency: "EUR" },
      date: "2026-11-20",
      paidBy: [{ memberId: me, amount: "30.00" }],
      split: { mode: "equal", shares: [{ memberId: me }] },
    });
    assert.equal(dinner.status, 201, JSON.stringify(dinner.body));
    const e = dinner.body.id as string;
    await readAt(ana, `/v1/groups/${g}/expenses/${e}`, dinner.body.position);
    const path = `/groups/${g}/expenses/${e}`;
    // The server's list once its read models applied every write of the group so far: the page
    // showing a file proves only what the page read, not this read (read-your-writes).
    const list = async (): Promise<ServerAttachment[]> => {
      const url = `/v1/groups/${g}/expenses/${e}/attachments`;
      const r = await readAt(ana, url, await groupHead(app, g));
      return r.body.items as ServerAttachment[];
    };

    const context = await browser.newContext({
      baseURL: app.url,
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await signInInUi(page, anaEmail, path);
    await page.getByTestId("attachments-empty").waitFor();
    const input = page.getByTestId("attachment-input");
    assert.equal(await input.getAttribute("accept"), "image/*,application/pdf");
    assert.equal(
      await page.getByTestId("attachment-camera").getAttribute("capture"),
      "environment",
    );

    // A receipt of exactly 10 MiB, the most the server takes, goes up from the page.
    const pdf = pdfOfSize(10 * MiB);
    const pdfSum = await sha256(pdf);
    await input.setInputFiles(upload("receipt.pdf", "application/pdf", pdf));
    const stored = file(page, "receipt.pdf", "stored");
    await stored.waitFor({ timeout: 60_000 });
    const [onServer] = await list();
    assert.equal(onServer.name, "receipt.pdf");
    assert.equal(onServer.contentType, "application/pdf");
    assert.equal(onServer.size, 10 * MiB);
    assert.equal(onServer.sha256, pdfSum, "a PDF is stored as it is");
    assert.equal(await stored.getAttribute("data-sha256"), onServer.sha256);

    // And down again through its signed link: the same bytes.
    const link = stored.getByTestId("attachment-download");
    await link.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      link.click(),
    ]);
    assert.equal(download.suggestedFilename(), "receipt.pdf");
    const back = await Deno.readFile((await download.path())!);
    assert.equal(back.length, 10 * MiB);
    assert.equal(
      await sha256(back),
      onServer.sha256,
      "the download is the server's file",
    );
    // The signed link works without the bearer token (it is a plain link).
    assert.match(
      (await stored.getByTestId("attachment-open").getAttribute("href"))!,
      /^(\/|https?:)/,
    );

    // A photo: re-encoded by the server, shown by its thumbnail.
    await input.setInputFiles(upload("table.png", "image/png", png(640, 480)));
    const photo = file(page, "table.png", "stored");
    await photo.waitFor({ timeout: 30_000 });
    const thumb = photo.getByTestId("attachment-thumbnail");
    await thumb.waitFor();
    await eventually("the thumbnail loaded", async () =>
      // deno-lint-ignore no-explicit-any
      await thumb.evaluate((img: any) => img.complete && img.naturalWidth > 0) ? true : undefined);

    // On the device: a file over 10 MiB is refused with its size and the limit, and never sent.
    await input.setInputFiles(
      upload("too-big.pdf", "application/pdf", pdfOfSize(10 * MiB + 1)),
    );
    const error = page.getByTestId("attachment-error");
    await error.waitFor();
    assert.match(
      await error.innerText(),
      /“too-big\.pdf” is over 10 MB; a file can be at most 10 MB/,
    );
    assert.equal(
      await page.getByTestId("attachment").filter({ hasText: "too-big.pdf" })
        .count(),
      0,
    );

    // By the server: text that calls itself a JPEG, and a PNG declaring 400 million pixels. Each is
    // shown with the server's reason and kept until removed.
    await input.setInputFiles([
      upload(
        "forged.jpg",
        "image/jpeg",
        new TextEncoder().encode("not a photo at all\n".repeat(50)),
      ),
      upload("bomb.png", "image/png", pixelBomb()),
    ]);
    const forged = file(page, "forged.jpg", "refused");
    await forged.waitFor({ timeout: 30_000 });
    assert.match(
      await forged.getByTestId("attachment-refused").innerText(),
      /cannot read this file as a photo \(JPEG, PNG or WebP\) or a PDF/,
    );
    const bomb = file(page, "bomb.png", "refused");
    await bomb.waitFor({ timeout: 30_000 });
    assert.match(
      await bomb.getByTestId("attachment-refused").innerText(),
      /too many pixels/,
    );
    // The device never decodes it for a preview (ADR 0056's revision): its kind is shown instead.
    assert.equal(await bomb.locator("img").count(), 0, "no preview of a pixel bomb");
    assert.equal(await bomb.locator(".kind").innerText(), "PNG");
    await page.reload();
    await forged.waitFor();
    await forged.getByTestId("attachment-discard").click();
    await forged.waitFor({ state: "detached" });
    assert.equal(
      (await list()).length,
      2,
      "neither refused file is on the server",
    );

    // Vera, a viewer, sees both files and may neither add nor remove.
    const veraContext = await browser.newContext({ baseURL: app.url });
    const veraPage = await veraContext.newPage();
    await signInInUi(veraPage, veraEmail, path);
    await file(veraPage, "receipt.pdf", "stored").waitFor();
    await file(veraPage, "table.png", "stored").waitFor();
    assert.equal(await veraPage.getByTestId("attachment-add").count(), 0);
    assert.equal(await veraPage.getByTestId("attachment-remove").count(), 0);

    // Ana removes the photo: gone from the page and the server, and Vera's page follows.
    await photo.getByTestId("attachment-remove").click();
    await page.getByTestId("attachment-remove-yes").click();
    await photo.waitFor({ state: "detached" });
    assert.deepEqual((await list()).map((a) => a.name), ["receipt.pdf"]);
    await file(veraPage, "table.png", "stored").waitFor({ state: "detached" });
  } finally {
    await browser.close();
  }
});

Deno.test("attachments: added offline to an expense still in the outbox, kept across a reload, uploaded after the expense once online", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { context, page, groupId, owner } = await openGroupWithPlaceholders(
      app,
      browser,
      "Porto",
      "Ana",
      ["Bea"],
    );
    // The service worker controls the page, so the app reloads offline.
    await page.waitForFunction(() =>
      // deno-lint-ignore no-explicit-any
      (globalThis as any).navigator.serviceWorker?.controller?.state ===
        "activated"
    );

    await context.setOffline(true);
    await addExpenseInUi(page, { description: "Taxi", amount: "24.00" });
    await expenseRow(page, "Taxi").getByTestId("expense-link").click();
    await page.waitForURL((u) => /\/expenses\/[^/]+$/.test(u.pathname));
    const expenseId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByTestId("attachments-empty").waitFor();

    const photo = png(800, 600);
    await page.getByTestId("attachment-input").setInputFiles(
      upload("taxi.png", "image/png", photo),
    );
    const waiting = file(page, "taxi.png", "waiting");
    await waiting.waitFor();
    assert.match(
      await waiting.getByTestId("attachment-status").innerText(),
      /Waiting to upload: it goes up once the expense is saved on the server/,
    );
    assert.equal(
      await waiting.getByTestId("pending-badge").innerText(),
      "waiting to upload",
    );

    // Kept on the device: a reload (offline, from the service worker) still shows it waiting.
    await page.reload();
    await waiting.waitFor();
    const nothing = await owner.get(
      `/v1/groups/${groupId}/expenses/${expenseId}/attachments`,
    );
    assert.equal(
      nothing.status,
      404,
      "neither the expense nor its file reached the server",
    );

    // Online: the outbox sends the expense, then the file goes up.
    await context.setOffline(false);
    const stored = file(page, "taxi.png", "stored");
    await stored.waitFor({ timeout: 60_000 });
    const answer = await eventually("the file on the server", async () => {
      const r = await owner.get(
        `/v1/groups/${groupId}/expenses/${expenseId}/attachments`,
      );
      return r.status === 200 &&
          (r.body.items as ServerAttachment[]).length === 1
        ? r.body.items as ServerAttachment[]
        : undefined;
    });
    assert.equal(answer[0].name, "taxi.png");
    assert.equal(answer[0].contentType.startsWith("image/"), true);
    assert.equal(await stored.getAttribute("data-sha256"), answer[0].sha256);
    assert.equal(
      await stored.getAttribute("data-attachment-id"),
      answer[0].id,
      "uploaded under the id chosen offline",
    );
    // Shown once, and nothing waits any more: the row turning "stored" and the queue letting the
    // file go are separate steps in the page, so both are waited for, not read once.
    await eventually(
      "the file shown once",
      async () => (await page.getByTestId("attachment").count()) === 1 ? true : undefined,
    );
    const queued = () =>
      page.evaluate(() =>
        new Promise<number>((resolve) => {
          // deno-lint-ignore no-explicit-any
          const open = (globalThis as any).indexedDB.open("kopek");
          open.onsuccess = () => {
            const db = open.result;
            const count = db.transaction("attachmentQueue").objectStore(
              "attachmentQueue",
            ).count();
            count.onsuccess = () => {
              db.close();
              resolve(count.result);
            };
          };
        })
      );
    await eventually(
      "the device's queue empty",
      async () => (await queued()) === 0 ? true : undefined,
    );
  } finally {
    await browser.close();
  }
});

/**
 * Importing a group in Chromium: from the groups list, upload a real SQL
 * export; the page follows the background job (queued while the account's
 * other import runs, then its progress, then done) and links to the new
 * group, whose page shows the imported ledger. A tampered export ends with
 * the refusal's detail.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { busyGroup } from "@kopek/testing";
import {
  eventually,
  launchBrowser,
  PASSWORD,
  readAt,
  signUpInUi,
  startApp,
  unique,
} from "./_browser.ts";

Deno.test("import: upload an export, see the job queued, its progress, then the new group; a tampered one is refused", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    // The export of a real group, made through the API.
    const { client: ana } = await app.api.register(`ana-${unique()}@e2e.test`, "Ana");
    const { client: bob } = await app.api.register(`bob-${unique()}@e2e.test`, "Bob");
    const built = await busyGroup(ana, bob, 120);
    await readAt(ana, `/v1/groups/${built.groupId}`, built.position);
    const res = await fetch(`${app.url}/v1/groups/${built.groupId}/export.sql`, {
      headers: { authorization: `Bearer ${ana.token}` },
    });
    assert.equal(res.status, 200);
    const dump = new Uint8Array(await res.arrayBuffer());

    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    await page.goto("/signup");
    const email = `zoe-${unique()}@e2e.test`;
    await signUpInUi(page, { name: "Zoe", email });
    const login = await app.api.post("/v1/auth/login", { email, password: PASSWORD });
    const zoe = { id: login.body.user.id as string };

    // Another of Zoe's imports runs elsewhere: hers waits in the queue.
    const other = crypto.randomUUID();
    await app.db.sql`
      INSERT INTO import_jobs (id, owner_id, status, seed, lease_owner, lease_until, attempts)
      VALUES (${other}, ${zoe.id}, 'running', ${crypto.getRandomValues(new Uint8Array(32))},
              'elsewhere', now() + interval '1 hour', 1)`;

    await page.getByTestId("import-link").click();
    await page.getByTestId("import-file").setInputFiles({
      name: "long-trip.sql",
      mimeType: "application/sql",
      buffer: Buffer.from(dump),
    });
    await page.getByTestId("import-submit").click();
    await page.locator("[data-testid=import-status][data-status=queued]").waitFor();
    const jobId = new URL(page.url()).searchParams.get("job");
    assert.ok(jobId, page.url());

    // A worker has it and reports its progress: the page shows it as it moves.
    const [{ total }] = await app.db.sql<{ total: number }[]>`
      SELECT count(*)::int AS total FROM events WHERE stream = ${"group-" + built.groupId}`;
    const report = async (done: number) => {
      await app.db.sql`
        UPDATE import_jobs SET status = 'running', lease_owner = 'elsewhere',
          lease_until = now() + interval '1 hour',
          progress = ${app.db.sql.json({ phase: "appending", done, total, unit: "events" })}
        WHERE id = ${jobId}`;
      await page.locator(
        `[data-testid=import-progress][data-phase=appending][data-done="${done}"]`,
      ).waitFor({ timeout: 30_000 });
    };
    await app.db.sql`UPDATE import_jobs SET status = 'done', lease_owner = NULL, lease_until = NULL
                       WHERE id = ${other}`;
    await report(Math.floor(total / 4));
    const half = Math.floor(total / 2);
    await report(half);
    const shown = await page.getByTestId("import-status").innerText();
    assert.ok(shown.includes(`Importing the history: ${Math.floor((half / total) * 100)}%`), shown);
    assert.ok(shown.includes(`${half} events of ${total} events`), shown);

    // The worker elsewhere stops; this process's worker takes the job over and finishes it.
    await app.db.sql`UPDATE import_jobs SET lease_until = now() - interval '1 second'
                       WHERE id = ${jobId}`;
    await page.locator("[data-testid=import-status][data-status=done]").waitFor({
      timeout: 120_000,
    });
    const link = page.getByTestId("import-group");
    assert.equal(await link.innerText(), "Long trip 2026");
    const groupId = await link.getAttribute("data-group-id");
    assert.notEqual(groupId, built.groupId);
    await link.click();
    await page.waitForURL(`**/groups/${groupId}`);
    await eventually("the imported group's page", async () => {
      const title = await page.getByTestId("group-title").innerText();
      return title.includes("Long trip 2026") ? title : undefined;
    }, 30_000);
    await page.getByTestId("expense-list").waitFor();

    // Back to the groups list: the new group is one of Zoe's.
    await page.goto("/");
    await page.locator(`[data-testid=group-item][data-group-id="${groupId}"]`).waitFor();

    // A tampered export: refused, with the reason.
    const text = new TextDecoder().decode(dump);
    const at = text.indexOf("ExpenseRecorded") + 2;
    const tampered = new TextEncoder().encode(text.slice(0, at) + "X" + text.slice(at + 1));
    await page.getByTestId("import-link").click();
    await page.getByTestId("import-file").setInputFiles({
      name: "tampered.sql",
      mimeType: "application/sql",
      buffer: Buffer.from(tampered),
    });
    await page.getByTestId("import-submit").click();
    const error = page.locator("[data-testid=import-error][data-code='dump.checksum_mismatch']");
    await error.waitFor({ timeout: 60_000 });
    assert.match(await error.innerText(), /Kopek refused this export: The dump was altered/);
    await context.close();
  } finally {
    await browser.close();
  }
});

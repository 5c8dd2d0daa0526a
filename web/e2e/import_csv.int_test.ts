/**
 * Importing a Splitwise export in Chromium (ADR 0054): on the import page,
 * choosing a .csv file shows the spreadsheet options (your column, the
 * group's name, rates); the import ends with a link to the new group,
 * whose balances are the export's total. A malformed export ends with the
 * refusal naming its line.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  groupHead,
  launchBrowser,
  PASSWORD,
  readAt,
  serverBalances,
  signUpInUi,
  startApp,
  unique,
} from "./_browser.ts";

const LINES = [
  `Date,Description,Category,Cost,Currency,José,"Anna ""B"", S",Zoë`,
  `2026-03-01,"Dîner, ""café""",Dining out,90.00,EUR,60.00,-30.00,-30.00`,
  `2026-03-03,Zoë paid José,Payment,30.00,EUR,-30.00,0.00,30.00`,
  `2026-03-04,Musée,Entertainment,40.00,USD,-20.00,0.00,20.00`,
  ``,
  `2026-03-06,Total balance,,,EUR,30.00,-30.00,0.00`,
  `2026-03-06,Total balance,,,USD,-20.00,0.00,20.00`,
];

Deno.test("import: a Splitwise CSV with my column, a name and a rate becomes a group; a malformed one names its line", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();
    await page.goto("/signup");
    const email = `zoe-${unique()}@e2e.test`;
    await signUpInUi(page, { name: "Zoe", email });

    await page.getByTestId("import-link").click();
    await page.getByTestId("import-file").setInputFiles({
      name: "lisbon.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("\uFEFF" + LINES.join("\r\n")),
    });
    await page.getByTestId("import-me").fill("Zoë");
    await page.getByTestId("import-name").fill("Lisbon");
    await page.getByTestId("import-rates").fill("USD=0.90");
    await page.getByTestId("import-submit").click();
    await page.locator("[data-testid=import-status][data-status=done]").waitFor({
      timeout: 120_000,
    });
    const link = page.getByTestId("import-group");
    assert.equal(await link.innerText(), "Lisbon");
    const groupId = await link.getAttribute("data-group-id");

    // The balances through the API, as Zoe: the EUR total plus the USD row at 0.90, read once
    // the read models have every imported event (the page says "done" when the job has appended).
    const login = await app.api.post("/v1/auth/login", { email, password: PASSWORD });
    const zoe = app.api.as(login.body.token);
    const head = await groupHead(app, groupId!);
    const group = (await readAt(zoe, `/v1/groups/${groupId}`, head)).body;
    const names = new Map(
      (group.members as { id: string; name: string }[]).map((m) => [m.id, m.name]),
    );
    const balances = await serverBalances(zoe, groupId!, head);
    assert.deepEqual(
      Object.fromEntries(Object.entries(balances).map(([id, amount]) => [names.get(id), amount])),
      { "Zoë": "18.00", "José": "12.00", 'Anna "B", S': "-30.00" },
    );

    // A malformed export: refused, naming the line.
    await page.getByTestId("import-again").click();
    const bad = [...LINES];
    bad[2] = `2026-03-03,Zoë paid José,Payment,30.00,EUR,-30.00,0.00,3O.00`;
    await page.getByTestId("import-file").setInputFiles({
      name: "bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(bad.join("\n")),
    });
    await page.getByTestId("import-rates").fill("USD=0.90");
    await page.getByTestId("import-submit").click();
    const error = page.locator("[data-testid=import-error][data-code='csv.malformed']");
    await error.waitFor({ timeout: 60_000 });
    assert.match(await error.innerText(), /Kopek refused this export: Line 3: Zoë/);
    await context.close();
  } finally {
    await browser.close();
  }
});

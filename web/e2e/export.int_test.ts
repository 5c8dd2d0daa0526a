/**
 * The group page's export buttons in Chromium: the CSV and the SQL dump
 * download as files with the server's names and content; a viewer sees only
 * the CSV button (the SQL export is for owners and auditors). The reports
 * page shows the server's monthly reports.
 */
import assert from "node:assert/strict";
import {
  addExpenseInUi,
  expenseRow,
  launchBrowser,
  openGroupWithPlaceholders,
  PASSWORD,
  readAt,
  signUpInUi,
  startApp,
  unique,
} from "./_browser.ts";

Deno.test("export and reports: the CSV and SQL buttons download the server's files (a viewer gets the CSV only); reports come from the server", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { context, page, groupId, owner, ids } = await openGroupWithPlaceholders(
      app,
      browser,
      "Ski week",
      "Ana",
      ["Bob"],
    );
    await addExpenseInUi(page, {
      description: "=Lift passes",
      amount: "240.00",
      among: [ids.Ana, ids.Bob],
    });
    await expenseRow(page, "=Lift passes").waitFor();
    await page.locator("[data-testid=connection-status][data-pending='0']").waitFor();

    const download = async (testid: string) => {
      const [file] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId(testid).click(),
      ]);
      const path = await file.path();
      return { name: file.suggestedFilename(), text: await Deno.readTextFile(path) };
    };
    const csv = await download("export-csv");
    assert.match(csv.name, /^kopek-Ski-week-\d{4}-\d\d-\d\d\.csv$/);
    const lines = csv.text.trim().split("\r\n");
    assert.equal(
      lines[0],
      "id,date,description,category,amount,currency,group_amount,group_currency,rate,paid_by,shares,note,kind,items",
    );
    assert.equal(lines.length, 2);
    // A cell a spreadsheet would run as a formula is escaped.
    assert.match(lines[1], /,'=Lift passes,/);
    assert.match(lines[1], /,Ana 240\.00,Ana 120\.00; Bob 120\.00,/);

    const sql = await download("export-sql");
    assert.match(sql.name, /^kopek-Ski-week-\d{4}-\d\d-\d\d\.sql$/);
    assert.match(sql.text, /^-- Kopek event history, exported /);
    assert.match(sql.text, /ExpenseRecorded/);
    assert.match(sql.text, /'sha256:[0-9a-f]{64}'\);\nCOMMIT;\n$/);

    // The reports page takes its figures from the server's monthly reports read model.
    await page.getByTestId("group-nav-reports").click();
    await page.locator("[data-testid=report-source][data-source=server]").waitFor();
    assert.match(await page.getByTestId("report-total").innerText(), /240\.00/);
    await context.close();

    // A viewer: the CSV button only.
    const email = `vic-${unique()}@e2e.test`;
    const viewerContext = await browser.newContext({ baseURL: app.url });
    const viewerPage = await viewerContext.newPage();
    await viewerPage.goto("/signup");
    await signUpInUi(viewerPage, { name: "Vic", email });
    const login = await app.api.post("/v1/auth/login", { email, password: PASSWORD });
    const added = await owner.post(`/v1/groups/${groupId}/members`, {
      name: "Vic",
      role: "viewer",
    });
    assert.equal(added.status, 201);
    const invite = await owner.post(`/v1/groups/${groupId}/invites`, {
      memberId: added.body.id,
      role: "viewer",
    });
    const accepted = await app.api.as(login.body.token).post(
      `/v1/invites/${invite.body.code}/accept`,
      {},
    );
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    // The page reads what the read models hold: let them reach the accept first.
    await readAt(app.api.as(login.body.token), `/v1/groups/${groupId}`, accepted.body.position);
    await viewerPage.goto(`/groups/${groupId}`);
    await viewerPage.getByTestId("export-csv").waitFor();
    assert.equal(await viewerPage.getByTestId("export-sql").count(), 0);
    await viewerContext.close();
  } finally {
    await browser.close();
  }
});

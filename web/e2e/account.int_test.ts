/**
 * The account page (issue 16, item 8), in Chromium: Bob changes his name,
 * his default currency (the new-group form starts in it) and his password;
 * sees his two sessions (two browser contexts) and signs the other one out;
 * downloads his data; deletes his account after the page offers the export.
 * Then Ana's group shows Bob's member as a placeholder, her balances as before.
 */
import assert from "node:assert/strict";
import {
  eventually,
  groupHead,
  launchBrowser,
  PASSWORD,
  readAt,
  signUpInUi,
  startApp,
  unique,
} from "./_browser.ts";

const NEW_PASSWORD = "a brand new password, long enough";

Deno.test("account page: name, currency, password, sessions, export, deletion", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const anaEmail = `ana-${unique()}@example.com`;
    const { client: ana } = await app.api.register(anaEmail, "Ana");
    const group = await ana.post("/v1/groups", {
      name: "Flat",
      currency: "EUR",
    });
    assert.equal(group.status, 201);
    const g = group.body.id as string;
    const anaMember = group.body.memberId as string;

    // Bob signs up in the PWA (his first session) and is added to Ana's group by email.
    const bobEmail = `bob-${unique()}@example.com`;
    const phone = await browser.newContext({ baseURL: app.url });
    const page = await phone.newPage();
    await page.goto("/signup");
    await signUpInUi(page, { name: "Bob", email: bobEmail });
    const added = await ana.post(`/v1/groups/${g}/members`, {
      name: "Bob",
      email: bobEmail,
      role: "member",
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const bobMember = added.body.id as string;
    const rent = await ana.post(`/v1/groups/${g}/expenses`, {
      description: "Rent",
      total: { amount: "800.00", currency: "EUR" },
      date: "2026-11-20",
      paidBy: [{ memberId: anaMember, amount: "800.00" }],
      split: {
        mode: "equal",
        shares: [{ memberId: anaMember }, { memberId: bobMember }],
      },
    });
    assert.equal(rent.status, 201);
    const before = await readAt(ana, `/v1/groups/${g}/balances`, rent.body.position);

    // Name and default currency.
    await page.goto("/account");
    await page.getByTestId("profile-name").fill("Bobby");
    await page.getByTestId("profile-currency").selectOption("JPY");
    await page.getByTestId("profile-save").click();
    // The name shown is the server's answer, kept in the device's session.
    await eventually(
      "the new name shown",
      async () =>
        (await page.getByTestId("account-name").textContent()) === "Bobby" ? true : undefined,
    );
    await page.getByRole("link", { name: "Groups", exact: true }).click();
    await page.getByTestId("create-group-form").waitFor();
    assert.equal(
      await page.getByTestId("create-group-currency").inputValue(),
      "JPY",
      "a new group starts in the default currency",
    );

    // Password: changed (the form empties once the server took it); this device stays signed in.
    await page.goto("/account");
    await page.getByTestId("password-current").fill(PASSWORD);
    await page.getByTestId("password-new").fill(NEW_PASSWORD);
    await page.getByTestId("password-save").click();
    await eventually(
      "the password changed",
      async () =>
        (await page.getByTestId("password-current").inputValue()) === "" ? true : undefined,
    );
    assert.equal(await page.getByTestId("password-error").count(), 0);

    // A second device signs in: the page lists both sessions and signs the other one out.
    const desk = await browser.newContext({ baseURL: app.url });
    const deskPage = await desk.newPage();
    await deskPage.goto("/signin");
    await deskPage.getByTestId("signin-email").fill(bobEmail);
    await deskPage.getByTestId("signin-password").fill(NEW_PASSWORD);
    await deskPage.getByTestId("signin-submit").click();
    await deskPage.getByTestId("nav-outbox").waitFor();
    // The password change ended the sign-up's session: this device's new one and the desk's.
    await page.reload();
    const rows = page.getByTestId("session");
    const deskRow = await eventually("the desk's session listed", async () => {
      const n = await rows.count();
      for (let i = 0; i < n; i++) {
        const row = rows.nth(i);
        if ((await row.getAttribute("data-current")) === "true") continue;
        if ((await row.textContent())?.includes("Chrome")) return row;
      }
      return undefined;
    });
    assert.equal(
      await page.locator('[data-testid="session"][data-current="true"]')
        .count(),
      1,
    );
    assert.equal(await rows.count(), 2, "this device and the desk");
    const deskId = await deskRow.getAttribute("data-session-id");
    await deskRow.getByTestId("session-signout").click();
    await eventually(
      "the desk's session gone from the list",
      async () =>
        (await page.locator(`[data-session-id="${deskId}"]`).count()) === 0 ? true : undefined,
    );
    assert.equal(await rows.count(), 1);

    // On the server: the new password works, the old one does not.
    const fresh = await app.api.post("/v1/auth/login", {
      email: bobEmail,
      password: NEW_PASSWORD,
    });
    assert.equal(fresh.status, 200);
    assert.equal(fresh.body.user.defaultCurrency, "JPY");
    const old = await app.api.post("/v1/auth/login", {
      email: bobEmail,
      password: PASSWORD,
    });
    assert.equal(old.status, 401);

    // Export: a JSON file with the account, the group and the rent.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-data").click(),
    ]);
    assert.match(
      download.suggestedFilename(),
      /^kopek-export-\d{4}-\d{2}-\d{2}\.json$/,
    );
    const file = await download.path();
    const exported = JSON.parse(await Deno.readTextFile(file));
    assert.equal(exported.account.email, bobEmail);
    assert.equal(exported.account.displayName, "Bobby");
    assert.equal(exported.account.defaultCurrency, "JPY");
    assert.deepEqual(exported.groups.map((x: { name: string }) => x.name), [
      "Flat",
    ]);
    assert.deepEqual(
      exported.groups[0].expenses.map((e: { description: string }) => e.description),
      ["Rent"],
    );

    // Deletion: the confirmation offers the export first and asks for the password.
    await page.getByTestId("delete-start").click();
    await page.getByTestId("delete-warning").waitFor();
    assert.equal(await page.getByTestId("delete-export").isVisible(), true);
    await page.getByTestId("delete-password").fill("not my password");
    await page.getByTestId("delete-confirm").click();
    await page.getByTestId("delete-error").waitFor();
    await page.getByTestId("delete-password").fill(NEW_PASSWORD);
    await page.getByTestId("delete-confirm").click();
    await page.waitForURL((u) => u.pathname === "/signin");
    const gone = await app.api.post("/v1/auth/login", {
      email: bobEmail,
      password: NEW_PASSWORD,
    });
    assert.equal(gone.status, 401);

    // Ana's group: Bob is a placeholder now, and her balances did not move.
    const anaContext = await browser.newContext({ baseURL: app.url });
    const anaPage = await anaContext.newPage();
    await anaPage.goto("/signin");
    await anaPage.getByTestId("signin-email").fill(anaEmail);
    await anaPage.getByTestId("signin-password").fill(PASSWORD);
    await anaPage.getByTestId("signin-submit").click();
    await anaPage.getByTestId("nav-outbox").waitFor();
    await anaPage.goto(`/groups/${g}/members`);
    const bobRow = anaPage.locator(
      `[data-testid="member-row"][data-member-id="${bobMember}"]`,
    );
    await eventually(
      "Bob shown as a placeholder",
      async () => (await bobRow.textContent())?.includes("placeholder") ? true : undefined,
    );
    // Read once the read models have the deletion's events: a stale read would prove nothing.
    const after = await readAt(ana, `/v1/groups/${g}/balances`, await groupHead(app, g));
    assert.deepEqual(after.body.members, before.body.members);
  } finally {
    await browser.close();
  }
});

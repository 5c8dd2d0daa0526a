/**
 * Web push in a real browser (ADR 0057): with the notifications permission
 * granted, a push message delivered to the PWA's registered service worker
 * through the Chrome DevTools Protocol (`ServiceWorker.deliverPushMessage`)
 * is shown as a notification worded from the server's payload; a payload
 * that is not Kopek's shows nothing.
 */
import assert from "node:assert/strict";
import { eventually, launchBrowser, openGroupWithPlaceholders, startApp } from "./_browser.ts";

Deno.test("push: the service worker shows a pushed expense as a notification", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { context, page, groupId } = await openGroupWithPlaceholders(
      app,
      browser,
      "Flat",
      "Ana",
      ["Bea"],
    );
    await page.waitForFunction(() =>
      // deno-lint-ignore no-explicit-any
      (globalThis as any).navigator.serviceWorker?.controller?.state ===
        "activated"
    );
    await context.grantPermissions(["notifications"], { origin: app.url });
    const cdp = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on(
      "ServiceWorker.workerRegistrationUpdated",
      (e) => registrations.push(...e.registrations),
    );
    await cdp.send("ServiceWorker.enable");
    const registration = await eventually(
      "the service worker's registration",
      () =>
        Promise.resolve(
          registrations.find((r) => r.scopeURL.startsWith(app.url)),
        ),
    );
    const push = (data: string) =>
      cdp.send("ServiceWorker.deliverPushMessage", {
        origin: new URL(app.url).origin,
        registrationId: registration.registrationId,
        data,
      });
    const shown = () =>
      page.evaluate(async () => {
        // deno-lint-ignore no-explicit-any
        const reg = await (globalThis as any).navigator.serviceWorker.ready;
        const list = await reg.getNotifications();
        // deno-lint-ignore no-explicit-any
        return list.map((n: any) => ({
          title: n.title,
          body: n.body,
          url: n.data?.url,
        }));
      });

    // Not Kopek's: nothing shown.
    await push("hello");
    const url = `/groups/${groupId}/expenses/0190f0c0-0000-7000-8000-000000000002`;
    await push(JSON.stringify({
      kind: "expense.recorded",
      groupId,
      groupName: "Flat",
      actor: "Bea",
      text: "Dinner",
      amount: { amount: "12.50", currency: "EUR" },
      url,
    }));
    const notifications = await eventually("the notification", async () => {
      const list = await shown();
      return list.length > 0 ? list : undefined;
    });
    assert.equal(notifications.length, 1);
    assert.equal(notifications[0].title, "Flat");
    assert.match(notifications[0].body, /^Bea added: Dinner · .*12[.,]50/);
    assert.equal(notifications[0].url, url);
    await cdp.detach();
  } finally {
    await browser.close();
  }
});

Deno.test("push settings: the members page mutes the group, the account page sets quiet hours", async () => {
  await using app = await startApp();
  const browser = await launchBrowser();
  try {
    const { page, groupId, owner } = await openGroupWithPlaceholders(
      app,
      browser,
      "Trip",
      "Ana",
      [
        "Bea",
      ],
    );
    const settings = async () => (await owner.get("/v1/me/notification-settings")).body;

    await page.goto(`${app.url}/groups/${groupId}/members`);
    const mute = page.getByTestId("group-mute-toggle");
    await mute.check();
    await eventually(
      "the group muted",
      async () => (await settings()).mutedGroups?.includes(groupId) ? true : undefined,
    );
    await mute.uncheck();
    await eventually(
      "the group unmuted",
      async () => (await settings()).mutedGroups?.length === 0 ? true : undefined,
    );

    await page.goto(`${app.url}/account`);
    await page.getByTestId("quiet-enabled").check();
    await page.locator("#quiet-start").fill("23:15");
    await page.locator("#quiet-end").fill("06:45");
    await page.getByTestId("quiet-hours-form").getByRole("button").click();
    const quiet = await eventually(
      "the quiet hours saved",
      async () => (await settings()).quietHours ?? undefined,
    );
    assert.equal(quiet.start, "23:15");
    assert.equal(quiet.end, "06:45");
    assert.ok(quiet.timeZone.length > 0);
    // This device has not turned push on.
    assert.match(await page.getByTestId("push-status").innerText(), /Off/);
  } finally {
    await browser.close();
  }
});

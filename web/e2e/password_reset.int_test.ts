/**
 * Password reset by email in Chromium (ADR 0060), with a real SMTP server
 * (OpenSMTPD delivering to a maildir): "Forgot password?" on the sign-in
 * page, the mail's link opened in the browser, a new password set there;
 * then the new password signs in and the old one does not. The account page
 * shows the weekly summary switch, which the server keeps.
 */
import assert from "node:assert/strict";
import { startSmtpServer } from "@kopek/testing/smtp";
import { eventually, launchBrowser, PASSWORD, startApp, unique } from "./_browser.ts";

const NEW_PASSWORD = "a new password from the mail";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("password reset: from the sign-in page through the mail to the new password", async () => {
  await using smtp = await startSmtpServer();
  // The mail's links start with the public origin: the server's own address here.
  const port = freePort();
  await using app = await startApp({
    env: {
      KOPEK_PORT: String(port),
      KOPEK_PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
      KOPEK_SMTP_URL: smtp.url,
    },
  });
  const browser = await launchBrowser();
  try {
    const email = `ana-${unique()}@example.com`;
    await app.api.register(email, "Ana");
    const context = await browser.newContext({ baseURL: app.url });
    const page = await context.newPage();

    await page.goto("/signin");
    await page.getByTestId("to-forgot").click();
    await page.getByTestId("forgot-email").fill(email);
    await page.getByTestId("forgot-submit").click();
    await page.getByTestId("forgot-sent").waitFor();

    const mail = await smtp.waitFor((m) => JSON.stringify(m.to ?? "").includes(email));
    const link = new RegExp(`http://127\\.0\\.0\\.1:${port}/reset/[A-Za-z0-9_-]{43}`).exec(
      mail.text ?? "",
    );
    assert.ok(link, String(mail.text));

    await page.goto(link[0]);
    await page.getByTestId("reset-password").fill(NEW_PASSWORD);
    await page.getByTestId("reset-repeat").fill("not the same");
    await page.getByTestId("reset-submit").click();
    await page.getByTestId("reset-error").waitFor();
    await page.getByTestId("reset-repeat").fill(NEW_PASSWORD);
    await page.getByTestId("reset-submit").click();
    await page.getByTestId("reset-done").waitFor();

    // The old password fails, the new one signs in (in the PWA).
    const old = await app.api.post("/v1/auth/login", { email, password: PASSWORD });
    assert.equal(old.status, 401);
    await page.getByTestId("reset-to-signin").click();
    await page.getByTestId("signin-email").fill(email);
    await page.getByTestId("signin-password").fill(NEW_PASSWORD);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("nav-outbox").waitFor();

    // The weekly summary switch on the account page, kept by the server.
    await page.goto("/account");
    await page.getByTestId("email-weekly").check();
    const login = await app.api.post("/v1/auth/login", { email, password: NEW_PASSWORD });
    const me = app.api.as(login.body.token);
    await eventually("the weekly summary turned on", async () => {
      const settings = await me.get("/v1/me/email-settings");
      return settings.body.weeklySummary === true ? true : undefined;
    });
    // A second use of the link is refused in the page.
    await page.goto(link[0]);
    await page.getByTestId("reset-password").fill("yet another password");
    await page.getByTestId("reset-repeat").fill("yet another password");
    await page.getByTestId("reset-submit").click();
    await page.getByTestId("reset-error").waitFor();
    await context.close();
  } finally {
    await browser.close();
  }
});

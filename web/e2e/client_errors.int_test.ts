/**
 * The PWA's uncaught errors reach the server's log: in real Chromium, a page
 * throws (and leaves a promise rejected) on the sign-in page, then again
 * signed in; each becomes one `client error` warn line of the all-in-one
 * process, with the route, the build and the browser family, the user's id
 * once signed in, and the same error sent once however often it is thrown.
 */
import assert from "node:assert/strict";
import { createLogger } from "@kopek/platform";
import { eventually, launchBrowser, signUpInUi, startApp, unique } from "./_browser.ts";

interface Line {
  msg: string;
  level: string;
  userId?: string;
  clientError: {
    kind: string;
    message: string;
    path: string;
    release: string;
    agent: string;
  };
}

Deno.test("client errors: a page error in Chromium reaches the server's log, once", async () => {
  const lines: Line[] = [];
  const logger = createLogger({
    level: "warn",
    destination: {
      write: (s: string) => {
        const line = JSON.parse(s);
        if (line.msg === "client error") lines.push(line);
      },
    },
  });
  await using app = await startApp({ logger });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/signin?next=/groups`);
    await page.getByTestId("signin-form").waitFor();

    // Thrown three times: sent once. A rejection nobody handles: sent too.
    await page.evaluate(() => {
      for (let i = 0; i < 3; i++) {
        setTimeout(() => {
          throw new Error("e2e boom");
        }, 0);
      }
      void Promise.reject(new Error("e2e rejected"));
    });
    const anonymous = await eventually(
      "two client error lines",
      () => Promise.resolve(lines.length >= 2 ? lines.slice() : undefined),
    );
    const boom = anonymous.find((l) => l.clientError.message === "Error: e2e boom");
    const rejected = anonymous.find((l) => l.clientError.message === "Error: e2e rejected");
    assert.ok(boom && rejected, JSON.stringify(anonymous));
    assert.equal(boom.level, "warn");
    assert.equal(boom.clientError.kind, "error");
    assert.equal(rejected.clientError.kind, "unhandledrejection");
    assert.equal(boom.clientError.path, "/signin");
    assert.equal(boom.clientError.agent, "chromium");
    assert.match(boom.clientError.release, /^[A-Za-z0-9._-]{1,64}$/);
    assert.equal(boom.userId, undefined);

    // Signed in: the line names the user.
    await page.goto(`${app.url}/signup`);
    await signUpInUi(page, {
      name: "Ana",
      email: `ana-${unique()}@example.com`,
    });
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error("e2e signed in");
      }, 0)
    );
    const signedIn = await eventually(
      "the signed-in line",
      () =>
        Promise.resolve(
          lines.find((l) => l.clientError.message === "Error: e2e signed in"),
        ),
    );
    assert.match(signedIn.userId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(
      lines.filter((l) => l.clientError.message === "Error: e2e boom").length,
      1,
      "the same error is sent once per page load",
    );
    await context.close();
  } finally {
    await browser.close();
  }
});

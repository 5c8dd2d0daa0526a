import assert from "node:assert/strict";
import {
  escapeHtml,
  headerText,
  inviteMail,
  MAX_SUBJECT_CHARS,
  passwordResetMail,
  weeklySummaryMail,
} from "./templates.ts";
import { isoWeek } from "./weekly.ts";
import { backoffDelayMs, DEFAULT_MAIL_POLICY } from "./outbox.ts";

const HOSTILE = `<script>alert("x")</script>\r\nBcc: eve@example.test\n\nbody'&`;

Deno.test("escapeHtml: every character that could open markup or end an attribute", () => {
  assert.equal(
    escapeHtml(`<a href="x" onclick='y'>&</a>`),
    "&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#60;/a&#62;",
  );
});

Deno.test("headerText: line breaks and controls become spaces; bounded length", () => {
  assert.equal(headerText("a\r\nBcc: b\u0000c\u2028d\te"), "a Bcc: b c d e");
  const long = headerText("x".repeat(1000));
  assert.equal([...long].length, MAX_SUBJECT_CHARS);
  assert.ok(long.endsWith("…"));
});

Deno.test("invite mail: hostile names are escaped in HTML and cannot add a header", () => {
  const mail = inviteMail({
    inviterName: HOSTILE,
    groupName: HOSTILE,
    link: "https://k.test/join/ABC",
    expiresAt: "2026-12-13T00:00:00.000Z",
  });
  assert.ok(!/[\r\n]/.test(mail.subject));
  assert.ok(!mail.html.includes("<script>"));
  assert.ok(mail.html.includes("&#60;script&#62;"));
  assert.ok(mail.text.includes("https://k.test/join/ABC"));
  assert.ok(mail.html.includes('href="https://k.test/join/ABC"'));
  assert.ok(mail.text.includes("2026-12-13"));
});

Deno.test("password reset mail: the link in both parts, the name escaped, a fixed subject", () => {
  const mail = passwordResetMail({
    displayName: HOSTILE,
    link: "https://k.test/reset/T",
    validMinutes: 60,
  });
  assert.equal(mail.subject, "Reset your Kopek password");
  assert.ok(
    mail.text.includes("https://k.test/reset/T") && mail.html.includes("https://k.test/reset/T"),
  );
  assert.ok(!mail.html.includes("<script>"));
  assert.ok(mail.text.includes("60 minutes"));
});

Deno.test("weekly summary mail: owes, owed and settled lines; group names escaped", () => {
  const mail = weeklySummaryMail({
    displayName: "Ana",
    week: "2026-W50",
    link: "https://k.test",
    groups: [
      { name: "<b>Flat</b>", balances: [{ currency: "EUR", amount: "-12.50" }] },
      {
        name: "Trip",
        balances: [{ currency: "USD", amount: "3.00" }, { currency: "JPY", amount: "0" }],
      },
      { name: "Empty", balances: [] },
    ],
  });
  assert.equal(mail.subject, "Your Kopek week 2026-W50");
  assert.ok(mail.text.includes("<b>Flat</b>: you owe 12.50 EUR"));
  assert.ok(mail.text.includes("Trip: you are owed 3.00 USD; settled in JPY"));
  assert.ok(!mail.text.includes("Empty"));
  assert.ok(mail.html.includes("&#60;b&#62;Flat&#60;/b&#62;") && !mail.html.includes("<b>Flat"));
});

Deno.test("isoWeek: ISO 8601 weeks, the Thursday's year", () => {
  assert.equal(isoWeek(new Date("2026-12-07T00:00:00Z")), "2026-W50");
  assert.equal(isoWeek(new Date("2026-12-13T23:59:59Z")), "2026-W50");
  assert.equal(isoWeek(new Date("2021-01-03T12:00:00Z")), "2020-W53");
  assert.equal(isoWeek(new Date("2024-12-30T12:00:00Z")), "2025-W01");
});

Deno.test("backoff: doubling from the base, at most an hour", () => {
  const p = DEFAULT_MAIL_POLICY;
  assert.deepEqual([1, 2, 3].map((n) => backoffDelayMs(p, n)), [30_000, 60_000, 120_000]);
  assert.equal(backoffDelayMs(p, 20), 3_600_000);
});

import assert from "node:assert/strict";
import type { ClientErrorInput } from "@kopek/domain";
import {
  FRAME_MAX,
  MESSAGE_MAX,
  routeOfPath,
  sanitiseClientError,
  sanitiseText,
  STACK_FRAMES_MAX,
} from "./client_errors.ts";

const REPORT: ClientErrorInput = {
  kind: "error",
  message: "boom",
  path: "/",
  release: "r1",
  agent: "firefox",
};

Deno.test("sanitiseText() strips control, bidirectional and separator characters", () => {
  const hostile =
    'a\n{"level":"error","msg":"forged"}\r\x1b[31mred\x00\u0085\u2028\u202Eevil\u2066x\uFEFF';
  const clean = sanitiseText(hostile, 1024);
  assert.doesNotMatch(
    clean,
    // deno-lint-ignore no-control-regex -- stripping them is the point
    /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/,
  );
  assert.match(clean, /forged/);
  assert.equal(sanitiseText("\ud800lone", 10), "\ufffdlone");
});

Deno.test("sanitiseText() redacts tokens, bearer headers, query strings and long secrets", () => {
  const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
  const refresh = `0190b6c4-0000-7000-8000-000000000000.${"A".repeat(43)}`;
  const s = sanitiseText(
    `failed ${jwt} Authorization: Bearer abc.def https://k.example/join/X?code=SECRET#frag ` +
      `token=hunter2&x=1 ${refresh}`,
    1024,
  );
  for (const secret of [jwt, "abc.def", "SECRET", "frag", "hunter2", "A".repeat(43)]) {
    assert.ok(!s.includes(secret), `${secret} in ${s}`);
  }
  assert.match(s, /https:\/\/k\.example\/join\/X\?\[redacted\]/);
  // Stack frames keep their location.
  assert.equal(
    sanitiseText("at f (https://k.example/_app/immutable/chunks/B1xK2a.js:12:34)", 300),
    "at f (https://k.example/_app/immutable/chunks/B1xK2a.js:12:34)",
  );
});

Deno.test("sanitiseText() caps the length without splitting a surrogate pair", () => {
  assert.equal(sanitiseText("abcdef", 4), "abc…");
  const capped = sanitiseText("😀".repeat(10), 4);
  assert.ok(capped.isWellFormed());
  assert.ok(capped.length <= 4);
});

Deno.test("routeOfPath() replaces ids, invite codes and odd segments", () => {
  assert.equal(
    routeOfPath("/groups/0190b6c4-0000-7000-8000-000000000000/expenses/new"),
    "/groups/[id]/expenses/new",
  );
  assert.equal(routeOfPath("/join/K7Q2-ABCD-EFGH"), "/join/[code]");
  assert.equal(routeOfPath("/a/%3Cscript%3E/b"), "/a/[x]/b");
  assert.equal(routeOfPath("/"), "/");
  assert.ok(routeOfPath(`/${"a/".repeat(300)}`).length <= 200);
});

Deno.test("sanitiseClientError() gives one frame per entry, capped in number and length", () => {
  const stack = Array.from({ length: 100 }, (_, i) => `at f${i} (${"x".repeat(500)})`).join("\n");
  const log = sanitiseClientError({ ...REPORT, stack, message: "ab ".repeat(MESSAGE_MAX) });
  assert.equal(log.stack.length, STACK_FRAMES_MAX);
  assert.ok(log.stack.every((f) => f.length <= FRAME_MAX && !/[\r\n]/.test(f)));
  assert.equal(log.stack.at(-1), `… ${100 - STACK_FRAMES_MAX + 1} more`);
  assert.equal(log.message.length, MESSAGE_MAX);
  assert.deepEqual(sanitiseClientError(REPORT).stack, []);
});

import assert from "node:assert/strict";
import type { ImportProgress } from "@kopek/imports";
import { progressLine, progressReporter } from "./import_progress.ts";

const MiB = 1024 * 1024;
const checking = (done: number): ImportProgress => ({
  phase: "checking",
  done,
  total: 10 * MiB,
  unit: "bytes",
});
const appending = (done: number): ImportProgress => ({
  phase: "appending",
  done,
  total: 2000,
  unit: "events",
});

Deno.test("progressLine() draws the phase, a bar, the percentage and the amounts", () => {
  assert.equal(
    progressLine(checking(5 * MiB), true),
    `checking  [${"#".repeat(15)}${".".repeat(15)}]  50%  5.0 MiB of 10.0 MiB`,
  );
  assert.equal(
    progressLine(appending(1500), false),
    "importing:  75%  1,500 events of 2,000 events",
  );
  assert.equal(
    progressLine({ phase: "appending", done: 0, total: 0, unit: "events" }, false),
    "importing: 100%  0 events of 0 events",
  );
});

Deno.test("progressReporter() on a pipe writes a line per phase start and tenth, no escapes", () => {
  let out = "";
  const r = progressReporter({ isTerminal: false, write: (t) => out += t });
  for (let i = 0; i <= 100; i++) r.onProgress(checking((i * 10 * MiB) / 100));
  for (let i = 0; i <= 2000; i += 50) r.onProgress(appending(i));
  r.end();
  const lines = out.trimEnd().split("\n");
  assert.equal(lines.length, 22, out);
  assert.ok(lines[0].startsWith("checking:   0%"), lines[0]);
  assert.ok(lines[10].startsWith("checking: 100%"), lines[10]);
  assert.ok(lines[11].startsWith("importing:   0%"), lines[11]);
  assert.equal(lines[21], "importing: 100%  2,000 events of 2,000 events");
  assert.ok(!out.includes("\r") && !out.includes("\x1b"), "no escapes");
});

Deno.test("progressReporter() on a terminal redraws one line per phase, throttled", () => {
  let out = "";
  let clock = 0;
  const r = progressReporter({ isTerminal: true, write: (t) => out += t }, () => clock);
  for (let i = 0; i <= 100; i++) {
    clock += 10;
    r.onProgress(checking((i * 10 * MiB) / 100));
  }
  r.onProgress(appending(2000));
  r.end();
  const redraws = out.split("\r").length - 1;
  assert.ok(redraws >= 10 && redraws <= 13, `${redraws} redraws`);
  assert.equal(out.split("\n").length - 1, 2, "one finished line per phase");
  assert.ok(
    out.includes(`\rchecking  [${"#".repeat(30)}] 100%  10.0 MiB of 10.0 MiB\x1b[K\n`),
    JSON.stringify(out.slice(-200)),
  );
});

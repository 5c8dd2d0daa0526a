/**
 * `kopek parse` as a process: the example prints exactly one JSON
 * line; bad arguments exit 64 with a message on stderr.
 */
import assert from "node:assert/strict";
import { REPO_ROOT } from "@kopek/testing";

async function kopekParse(args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cli/main.ts", "parse", ...args],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

const CONTEXT = [
  "--today",
  "2026-11-22",
  "--currency",
  "EUR",
  "--me",
  "Ana",
  "--members",
  "Ana,Bob,Chen",
];

Deno.test("kopek parse prints the issue's example as one JSON line", async () => {
  const { code, stdout } = await kopekParse([...CONTEXT, "Add $50 for food"]);
  assert.equal(code, 0);
  assert.equal(
    stdout,
    '{"intent":"expense","total":{"amount":"50.00","currency":"USD"},"description":"food",' +
      '"category":"food","date":"2026-11-22","paidBy":"Ana","splitWith":["Ana","Bob","Chen"]}\n',
  );
});

Deno.test("kopek parse exits 0 for an unknown parse", async () => {
  const { code, stdout } = await kopekParse([...CONTEXT, "taxi 12 and 8"]);
  assert.equal(code, 0);
  assert.equal(stdout, '{"intent":"unknown","reason":"two amounts"}\n');
});

Deno.test("kopek parse exits 64 with a message for bad arguments", async () => {
  for (
    const args of [
      ["--today", "2026-11-22", "--currency", "EUR", "--me", "Zed", "--members", "Ana,Bob", "x"],
      ["--today", "yesterday", "--currency", "EUR", "--me", "Ana", "--members", "Ana", "x"],
      ["--today", "2026-11-22", "--currency", "EURO", "--me", "Ana", "--members", "Ana", "x"],
      [...CONTEXT],
      [...CONTEXT, "--verbose", "x"],
    ]
  ) {
    const { code, stdout, stderr } = await kopekParse(args);
    assert.equal(code, 64, args.join(" "));
    assert.equal(stdout, "");
    assert.match(stderr, /usage: kopek parse/);
  }
});

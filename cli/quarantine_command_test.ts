import assert from "node:assert/strict";
import { parseQuarantineArgs, table } from "./quarantine_command.ts";
import { UsageError } from "./audit_commands.ts";

Deno.test("parseQuarantineArgs() reads list, retry and skip", () => {
  assert.deepEqual(parseQuarantineArgs(["list"]), { action: "list", skipped: false });
  assert.deepEqual(parseQuarantineArgs(["list", "--skipped"]), { action: "list", skipped: true });
  assert.deepEqual(parseQuarantineArgs(["retry", "group-1"]), {
    action: "retry",
    stream: "group-1",
    projection: undefined,
  });
  assert.deepEqual(parseQuarantineArgs(["retry", "--all", "--projection", "balances"]), {
    action: "retry",
    stream: undefined,
    projection: "balances",
  });
  assert.deepEqual(
    parseQuarantineArgs(["skip", "group-1", "--position", "42", "--by", "ana", "--reason", "x"]),
    {
      action: "skip",
      stream: "group-1",
      position: 42,
      by: "ana",
      reason: "x",
      projection: undefined,
    },
  );
});

Deno.test("parseQuarantineArgs() refuses what it cannot run, naming the usage", () => {
  for (
    const args of [
      [],
      ["purge"],
      ["list", "group-1"],
      ["list", "--all"],
      ["retry"],
      ["retry", "group-1", "group-2"],
      ["retry", "--all", "group-1"],
      ["retry", "group-1", "--projection", "nope"],
      ["retry", "group-1", "--by", "ana"],
      ["skip", "group-1", "--by", "ana"],
      ["skip", "group-1", "--position", "x", "--by", "ana"],
      ["skip", "group-1", "--position", "0", "--by", "ana"],
      ["skip", "group-1", "--position", "4"],
      ["skip", "group-1", "--position", "4", "--by", " "],
      ["skip", "--position", "4", "--by", "ana"],
      ["skip", "group-1", "--position", "4", "--by", "ana", "--all"],
      ["list", "--bogus"],
    ]
  ) {
    assert.throws(
      () => parseQuarantineArgs(args),
      (e) => e instanceof UsageError && /usage: kopek quarantine list/.test(e.message),
      args.join(" "),
    );
  }
});

Deno.test("table() pads every column but the last", () => {
  assert.deepEqual(table(["A", "LONGER", "LAST"], [["xyz", "1", "tail text"]]), [
    "A    LONGER  LAST",
    "xyz  1       tail text",
  ]);
});

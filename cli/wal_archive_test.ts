import assert from "node:assert/strict";
import { archiveCommand, archivedBefore, restoreCommand } from "./wal_archive.ts";

Deno.test("archiveCommand: quoted for the shell, % doubled, never overwrites a different file", () => {
  const cmd = archiveCommand("/srv/it's 100%/wal");
  assert.equal(
    cmd,
    `if test -f '/srv/it'\\''s 100%%/wal'/%f; then cmp -s %p '/srv/it'\\''s 100%%/wal'/%f; ` +
      `else cp %p '/srv/it'\\''s 100%%/wal'/%f.tmp && sync '/srv/it'\\''s 100%%/wal'/%f.tmp && ` +
      `mv '/srv/it'\\''s 100%%/wal'/%f.tmp '/srv/it'\\''s 100%%/wal'/%f; fi`,
  );
  assert.equal(restoreCommand("/d/wal"), `cp '/d/wal'/%f %p`);
});

Deno.test("archivedBefore: older segments of any timeline go, history files and newer stay", () => {
  const files = [
    "000000010000000000000001",
    "000000010000000000000002",
    "000000010000000000000002.00000028.backup",
    "000000010000000000000003",
    "000000010000000000000003.partial",
    "00000002.history",
    "000000020000000000000003",
    "000000020000000000000004",
    "000000010000000000000001.tmp",
  ];
  assert.deepEqual(archivedBefore(files, "000000020000000000000003"), [
    "000000010000000000000001",
    "000000010000000000000002",
    "000000010000000000000002.00000028.backup",
  ]);
});

import assert from "node:assert/strict";
import { backupName, leftOut } from "./base_backup.ts";

Deno.test("leftOut: what PostgreSQL's docs leave out of a base backup, and nothing else", () => {
  for (
    const rel of [
      "postmaster.pid",
      "postmaster.opts",
      "backup_label",
      "tablespace_map",
      "recovery.signal",
      "server.log",
      "pg_wal/000000010000000000000001",
      "pg_wal/archive_status",
      "pg_replslot/slot",
      "pg_stat_tmp/global.stat",
      "pg_subtrans/0000",
      "base/5/pgsql_tmp",
      "base/pgsql_tmp/pgsql_tmp123.0",
      "global/pg_internal.init",
      ".s.PGSQL.5432",
      ".s.PGSQL.5432.lock",
    ]
  ) assert.equal(leftOut(rel), true, rel);
  for (
    const rel of [
      "PG_VERSION",
      "pg_wal",
      "pg_subtrans",
      "base/5/1259",
      "global/pg_control",
      "pg_xact/0000",
      "postgresql.auto.conf",
      "base/5/server.log",
    ]
  ) assert.equal(leftOut(rel), false, rel);
});

Deno.test("backupName: sorts in time order, no colons", () => {
  const a = backupName(new Date("2026-12-05T09:59:59.999Z"));
  const b = backupName(new Date("2026-12-05T10:00:00.000Z"));
  assert.equal(a, "2026-12-05T09-59-59.999Z");
  assert.ok(a < b);
});

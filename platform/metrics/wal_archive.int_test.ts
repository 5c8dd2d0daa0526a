import assert from "node:assert/strict";
import { connect } from "../db.ts";
import { createTestDatabase, freePort } from "../testing/mod.ts";
import { createMetricsRegistry } from "./registry.ts";
import { registerWalArchive, walArchiveState } from "./wal_archive.ts";

Deno.test("walArchiveState: archive_mode and the archiver's times in Unix seconds (0: never)", () => {
  assert.deepEqual(
    walArchiveState({
      archive_mode: "on",
      last_archived_time: new Date("2026-12-05T12:00:00Z"),
      last_failed_time: null,
    }),
    { enabled: true, lastSuccess: Date.parse("2026-12-05T12:00:00Z") / 1000, lastFailure: 0 },
  );
  assert.equal(
    walArchiveState({ archive_mode: "always", last_archived_time: null, last_failed_time: null })
      .enabled,
    true,
  );
  assert.equal(
    walArchiveState({ archive_mode: "off", last_archived_time: null, last_failed_time: null })
      .enabled,
    false,
  );
});

Deno.test("registerWalArchive: pg_stat_archiver of a real server, read at the scrape", async () => {
  await using db = await createTestDatabase("kopek_wal_archive_metrics", { max: 2 });
  const sql = connect(db.url, { max: 1 });
  try {
    const [{ archive_mode }] = await sql<{ archive_mode: string }[]>`SHOW archive_mode`;
    const [stats] = await sql<{ archived: number; failed: number }[]>`
      SELECT coalesce(extract(epoch FROM last_archived_time), 0)::float8 AS archived,
             coalesce(extract(epoch FROM last_failed_time), 0)::float8 AS failed
      FROM pg_stat_archiver`;
    const registry = createMetricsRegistry({ process: false });
    registerWalArchive(registry, sql);
    const text = await registry.metrics();
    assert.match(text, /^kopek_db_wal_archive_state_up 1$/m);
    assert.match(
      text,
      new RegExp(`^kopek_db_wal_archive_enabled ${archive_mode === "off" ? 0 : 1}$`, "m"),
    );
    const value = (name: string) =>
      Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? "NaN");
    assert.ok(
      Math.abs(value("kopek_db_wal_archive_last_success_timestamp_seconds") - stats.archived) < 1,
      text,
    );
    assert.ok(
      Math.abs(value("kopek_db_wal_archive_last_failure_timestamp_seconds") - stats.failed) < 1,
      text,
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
});

Deno.test("registerWalArchive: a database out of reach is state_up 0, and the scrape still answers", async () => {
  const sql = connect(`postgres://kopek@127.0.0.1:${freePort()}/kopek`, {
    max: 1,
    connectTimeoutSeconds: 1,
  });
  try {
    const registry = createMetricsRegistry({ process: false });
    registerWalArchive(registry, sql);
    const text = await registry.metrics();
    assert.match(text, /^kopek_db_wal_archive_state_up 0$/m);
    assert.match(text, /^# TYPE kopek_db_wal_archive_enabled gauge$/m);
  } finally {
    await sql.end({ timeout: 1 });
  }
});

import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { connect, lockMigrations, readMigrations } from "@kopek/platform";
import { migrate } from "./schema.ts";

Deno.test("migrate() applies every migration once, even when started concurrently", async () => {
  await using db = await createTestDatabase("kopek_mig");
  const { connect } = await import("@kopek/platform");
  const pools = [connect(db.url, { max: 1 }), connect(db.url, { max: 1 }), db.sql];
  try {
    await Promise.all(pools.map((sql) => migrate(sql)));
    await migrate(db.sql);
  } finally {
    await Promise.all(pools.slice(0, 2).map((p) => p.end()));
  }
  const files = await readMigrations(new URL("./migrations/", import.meta.url));
  const rows = await db.sql`
    SELECT version, name FROM schema_migrations WHERE component = 'eventstore' ORDER BY version`;
  assert.deepEqual(rows.map((r) => r.name), files.map((f) => f.name));
  const [t] = await db.sql`SELECT to_regclass('events') IS NOT NULL AS ok`;
  assert.equal(t.ok, true);
});

Deno.test("migrate() tracks another component's folder separately", async () => {
  await using db = await createTestDatabase("kopek_mig");
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/0001_first.sql`,
      "CREATE TABLE t1 (x int); CREATE TABLE t2 (y int);",
    );
    await Deno.writeTextFile(`${dir}/0002_second.sql`, "INSERT INTO t1 VALUES (1);");
    await Deno.writeTextFile(`${dir}/notes.txt`, "not a migration");
    const options = { component: "other", dir: new URL(`file://${dir}/`) };
    await migrate(db.sql);
    await migrate(db.sql, options);
    await migrate(db.sql, options);
    const [n] = await db.sql`SELECT count(*)::int AS n FROM t1`;
    assert.equal(n.n, 1);
    const rows = await db.sql`
      SELECT component, version FROM schema_migrations ORDER BY component, version`;
    assert.deepEqual(rows.filter((r) => r.component === "other").map((r) => r.version), [1, 2]);

    await Deno.writeTextFile(`${dir}/0002_second.sql`, "INSERT INTO t1 VALUES (2);");
    await assert.rejects(migrate(db.sql, options), /changed after it was applied/);
    await Deno.writeTextFile(`${dir}/0003_broken.sql`, "CREATE TABLE t3 (z int); SELECT nope;");
    await Deno.writeTextFile(`${dir}/0002_second.sql`, "INSERT INTO t1 VALUES (1);");
    await assert.rejects(migrate(db.sql, options));
    const [t3] = await db.sql`SELECT to_regclass('t3') IS NULL AS absent`;
    assert.equal(t3.absent, true, "a failed migration leaves nothing behind");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a transaction holding the migrations lock has no statement timeout (a job, ADR 0023)", async () => {
  await using db = await createTestDatabase("kopek_mig");
  const sql = connect(db.url, { max: 1 });
  try {
    const setting = async () =>
      (await sql<{ st: string }[]>`select current_setting('statement_timeout') as st`)[0].st;
    const before = await setting();
    assert.notEqual(before, "0", "the pool has no statement timeout to lift");
    const inside = await sql.begin(async (tx) => {
      // As short as a request's limit could be (startup parameters do not pass PgBouncer).
      await tx`SET LOCAL statement_timeout = 100`;
      await lockMigrations(tx);
      await tx`select pg_sleep(0.3)`;
      return (await tx<{ st: string }[]>`select current_setting('statement_timeout') as st`)[0].st;
    });
    assert.equal(inside, "0");
    // Only for that transaction.
    assert.equal(await setting(), before);
  } finally {
    await sql.end();
  }
});

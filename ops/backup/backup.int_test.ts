/**
 * ops/backup/backup.sh (compose.yaml's `backup` service) against a real PostgreSQL with a WAL
 * archive, a server of the test's own: each run leaves a complete base backup, the newest
 * KOPEK_BACKUP_KEEP are kept, the archive keeps exactly the segments the oldest kept backup needs,
 * and a backup that cannot connect leaves nothing that looks like a backup.
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  chownToPostgres,
  isRoot,
  ownClusterBinariesPresent,
  PG_BIN_DIR,
  pgBinariesPresent,
  runPgBinary,
  startOwnCluster,
} from "../../platform/testing/own_cluster.ts";

const SCRIPT = fileURLToPath(new URL("./backup.sh", import.meta.url));
const binaries = await ownClusterBinariesPresent() &&
  await pgBinariesPresent(["pg_basebackup", "pg_archivecleanup", "psql"]);

/** Runs backup.sh --once as the postgres user, as the container does. */
async function backupOnce(env: Record<string, string>): Promise<{ ok: boolean; log: string }> {
  const vars = Object.entries({ PATH: `${PG_BIN_DIR}:/usr/bin:/bin`, ...env }).map(([k, v]) =>
    `${k}=${v}`
  );
  const [cmd, args] = isRoot()
    ? ["runuser", ["-u", "postgres", "--", "env", "-i", ...vars, "sh", SCRIPT, "--once"]]
    : ["env", ["-i", ...vars, "sh", SCRIPT, "--once"]];
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { ok: out.success, log: decode(out.stdout) + decode(out.stderr) };
}

function names(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

/** The WAL segment a backup starts at, from the backup_label inside its base.tar.gz. */
async function startSegment(backup: string): Promise<string> {
  const out = await new Deno.Command("tar", {
    args: ["-xzOf", `${backup}/base.tar.gz`, "backup_label"],
    stdout: "piped",
  }).output();
  const label = new TextDecoder().decode(out.stdout);
  const m = label.match(/^START WAL LOCATION: .*\(file ([0-9A-F]{24})\)$/m);
  assert.ok(m, label);
  return m[1];
}

Deno.test({
  name: "backup.sh keeps the newest KOPEK_BACKUP_KEEP base backups and prunes the WAL archive " +
    "to what the oldest needs; a failed backup leaves no backup behind",
  ignore: !binaries,
  async fn() {
    const work = await Deno.makeTempDir({ prefix: "kopek-backup-test-" });
    const archive = `${work}/archive`;
    const backups = `${work}/backups`;
    await Deno.mkdir(archive);
    await Deno.mkdir(backups);
    await chownToPostgres(work, true);
    await using cluster = await startOwnCluster({
      settings: [
        "archive_mode = on",
        `archive_command = 'test ! -f ${archive}/%f && cp %p ${archive}/%f'`,
        "max_wal_senders = 5",
      ],
    });
    try {
      // pg_basebackup connects for replication, which "all" in pg_hba.conf does not cover.
      await Deno.writeTextFile(
        `${cluster.data}/pg_hba.conf`,
        "host replication all 127.0.0.1/32 trust\n",
        { append: true },
      );
      await runPgBinary("pg_ctl", ["-D", cluster.data, "reload"]);
      const env = {
        PGHOST: "127.0.0.1",
        PGPORT: String(cluster.port),
        PGUSER: "postgres",
        KOPEK_BACKUP_DIR: backups,
        KOPEK_WAL_ARCHIVE_DIR: archive,
        KOPEK_BACKUP_KEEP: "2",
      };
      const psql = (sql: string) =>
        runPgBinary("psql", [
          "-h",
          "127.0.0.1",
          "-p",
          String(cluster.port),
          "-U",
          "postgres",
          "-qAtc",
          sql,
        ]);

      for (let run = 0; run < 3; run++) {
        await psql(`CREATE TABLE t${run} AS SELECT g FROM generate_series(1, 1000) g`);
        const result = await backupOnce(env);
        assert.ok(result.ok, result.log);
        // Backups are named by the second they start at: let the next one start in another.
        await psql("SELECT pg_switch_wal()");
        await new Promise((r) => setTimeout(r, 1100));
      }
      const kept = names(backups).filter((n) => n.startsWith("base-"));
      assert.equal(kept.length, 2, names(backups).join(", "));
      assert.ok(names(backups).includes("last-success"));
      for (const backup of kept) {
        const files = names(`${backups}/${backup}`);
        assert.ok(files.includes("base.tar.gz") && files.includes("pg_wal.tar.gz"), files.join());
      }
      const oldest = await startSegment(`${backups}/${kept[0]}`);
      const segments = names(archive).filter((n) => /^[0-9A-F]{24}$/.test(n));
      assert.ok(segments.length > 0, "nothing archived");
      assert.ok(
        segments.every((s) => s >= oldest),
        `segments before ${oldest} left: ${segments.join(", ")}`,
      );
      // The first backup's segments were archived, then pruned with the first backup.
      assert.ok(oldest > "000000010000000000000001", oldest);

      // A backup that cannot reach the server: an error, and nothing new that looks like a backup.
      const before = names(backups);
      await Deno.remove(`${backups}/last-success`);
      const failed = await backupOnce({ ...env, PGPORT: "1" });
      assert.equal(failed.ok, false, failed.log);
      assert.deepEqual(
        names(backups).filter((n) => n.startsWith("base-")),
        before.filter((n) => n.startsWith("base-")),
      );
      assert.ok(!names(backups).includes("last-success"));
    } finally {
      await cluster.close();
      await Deno.remove(work, { recursive: true });
    }
  },
});

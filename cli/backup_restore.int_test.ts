/**
 * `kopek backup` and `kopek restore` as an operator runs them (the `kopek`
 * task's permission flags) around `kopek start` on the embedded PostgreSQL:
 * a base backup while Kopek serves writes, then a restore to the end of the
 * WAL archive (every event) and one to an instant T between writes (exactly
 * the events recorded up to T), each followed by `kopek verify`'s checks,
 * and Kopek serving the restored data. Prints the backup and restore times.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import postgres from "postgres";
import { euros, KopekClient, postmaster, soloExpense, startTask, stopPg } from "@kopek/testing";
import { freePort } from "@kopek/platform/testing";

/** Runs `kopek <args>` with the task's flags; answers its exit code and output. */
async function kopek(dataDir: string, args: string[]): Promise<{ code: number; text: string }> {
  const task = startTask("kopek", { KOPEK_DATA_DIR: dataDir, KOPEK_LOG_LEVEL: "warn" }, args);
  const status = await task.finished();
  return { code: status.code, text: task.text };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test({
  name: "kopek backup / restore: every event to the end of the archive, exactly those up to T",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "kopek-backup-" });
    // The embedded server runs as the postgres user when we are root: it must reach the folder.
    await Deno.chmod(dataDir, 0o755);
    const pgdata = join(dataDir, "pg");
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      KOPEK_DATA_DIR: dataDir,
      KOPEK_PORT: String(port),
      KOPEK_RATES_FETCH: "off",
      KOPEK_LOG_LEVEL: "warn",
    };
    let server = startTask("start", env);
    try {
      await server.ready(base, 120_000);
      const { client: ana } = await new KopekClient(base).register("ana@example.com", "Ana");
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
      assert.equal(group.status, 201);
      const g = group.body.id;
      const m = group.body.memberId;
      const write = async (cents: number) => {
        const res = await ana.post(
          `/v1/groups/${g}/expenses`,
          soloExpense({ memberId: m, amount: euros(cents) }),
        );
        assert.equal(res.status, 201, JSON.stringify(res.body));
        return res.body as { id: string; position: number };
      };
      for (const c of [100, 200, 300]) await write(c);

      const backup = await kopek(dataDir, ["backup"]);
      assert.equal(backup.code, 0, backup.text);
      assert.match(backup.text, /base backup .*backups\/base\/.*: \d+ files/);
      // deno-lint-ignore no-console
      console.log(backup.text.trim());

      // A second backup keeping only itself: the first one and the WAL before it are pruned.
      await write(350);
      const second = await kopek(dataDir, ["backup", "--keep", "1"]);
      assert.equal(second.code, 0, second.text);
      assert.match(second.text, /removed 1 older backups and [1-9]\d* archived WAL files/);
      assert.equal((await Array.fromAsync(Deno.readDir(join(dataDir, "backups/base")))).length, 1);

      const beforeT = [];
      for (const c of [400, 500, 600]) beforeT.push(await write(c));
      // T falls between two writes, a clear second from each.
      await sleep(1_100);
      const t = new Date();
      await sleep(1_100);
      const afterT = [];
      for (const c of [700, 800, 900]) afterT.push(await write(c));

      // The events as the log has them, straight from the embedded server.
      const password = (await Deno.readTextFile(join(dataDir, "pg-password"))).trim();
      const { port: pgPort } = await postmaster(pgdata);
      const sql = postgres(
        `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/kopek`,
        { max: 1, onnotice: () => {} },
      );
      const [counts] = await sql`
        SELECT count(*)::int AS total, (count(*) FILTER (WHERE recorded_at <= ${t}))::int AS at_t
        FROM events`;
      await sql.end();
      assert.ok(counts.at_t > 0 && counts.at_t < counts.total, JSON.stringify(counts));

      // Never over a running Kopek.
      const refused = await kopek(dataDir, ["restore", "--from", "latest"]);
      assert.equal(refused.code, 1, refused.text);
      assert.match(refused.text, /the embedded PostgreSQL is running .*stop Kopek first/);

      const stopped = await server.stop();
      assert.equal(stopped.code, 0, server.text);

      const all = await kopek(dataDir, ["restore", "--from", "latest"]);
      assert.equal(all.code, 0, all.text);
      // deno-lint-ignore no-console
      console.log(all.text.trim());
      assert.match(
        all.text,
        new RegExp(`to the end of the archive in [\\d.]+ s: ${counts.total} events`),
      );
      assert.match(all.text, /verify: ok: \d+ events in \d+ streams, every hash chain intact/);
      assert.match(all.text, /the replaced data folder is kept at .*pg\.before-restore-/);

      const toT = await kopek(dataDir, ["restore", "--from", "latest", "--to", t.toISOString()]);
      assert.equal(toT.code, 0, toT.text);
      // deno-lint-ignore no-console
      console.log(toT.text.trim());
      assert.match(
        toT.text,
        new RegExp(`to ${t.toISOString()} in [\\d.]+ s: ${counts.at_t} events`),
      );
      assert.match(toT.text, /verify: ok: /);

      // Kopek serves the restored data: what was written before T, not after.
      server = startTask("start", env);
      await server.ready(base, 120_000);
      const login = await new KopekClient(base).post("/v1/auth/login", {
        email: "ana@example.com",
        password: "correct horse battery staple",
      });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const again = new KopekClient(base, login.body.token);
      const last = beforeT[beforeT.length - 1];
      const kept = await again.get(`/v1/groups/${g}/expenses/${last.id}`, {
        "Kopek-Min-Position": String(last.position),
      });
      assert.equal(kept.status, 200, JSON.stringify(kept.body));
      for (const gone of afterT) {
        assert.equal((await again.get(`/v1/groups/${g}/expenses/${gone.id}`)).status, 404);
      }
      // And writes go on, on the new timeline (archived too).
      const more = await again.post(
        `/v1/groups/${g}/expenses`,
        soloExpense({ memberId: m, amount: euros(1100) }),
      );
      assert.equal(more.status, 201, JSON.stringify(more.body));
      assert.equal((await server.stop()).code, 0, server.text);
    } finally {
      server.kill();
      await stopPg(pgdata);
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});

/**
 * `kopek start` (its task's flags, the embedded PostgreSQL) comes back by
 * itself when its database dies: the postmaster is killed (SIGKILL), the
 * supervisor starts it again on the same port, and writes, the projector
 * and `Kopek-Min-Position` reads resume without a restart of Kopek. On an
 * external database (`KOPEK_DATABASE_URL`) nothing is started, and every
 * part resumes when the database comes back. Prints the recovery times.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createTestDatabase, freePort, startTcpProxy, within } from "@kopek/platform/testing";
import {
  euros,
  KopekClient,
  pgRunning,
  postmaster,
  soloExpense,
  startTask,
  stopPg,
} from "@kopek/testing";

Deno.test({
  name:
    "kopek start: the embedded PostgreSQL killed with SIGKILL is restarted and every part resumes",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "kopek-supervise-" });
    // The embedded server runs as the postgres user when we are root: it must reach the folder.
    await Deno.chmod(dataDir, 0o755);
    const pgdata = join(dataDir, "pg");
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const kopek = startTask("start", {
      KOPEK_DATA_DIR: dataDir,
      KOPEK_PORT: String(port),
      KOPEK_RATES_FETCH: "off",
      KOPEK_LOG_LEVEL: "warn",
    });
    try {
      await kopek.ready(base, 120_000);
      const { client: ana } = await new KopekClient(base).register("ana@example.com", "Ana");
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
      assert.equal(group.status, 201);
      const g = group.body.id;
      const m = group.body.memberId;
      assert.equal(
        (await ana.post(
          `/v1/groups/${g}/expenses`,
          soloExpense({ id: crypto.randomUUID(), memberId: m, amount: euros(1000) }),
        )).status,
        201,
      );

      const before = await postmaster(pgdata);
      Deno.kill(before.pid, "SIGKILL");
      const killedAt = performance.now();
      // Backends left by the postmaster may still answer for a moment: wait for the restart.
      await kopek.waitFor(/embedded PostgreSQL restarted/, 60_000);
      // One write retried with the same id until it is acknowledged (the pools reconnect).
      const id = crypto.randomUUID();
      const seen = new Map<number, number>();
      const written = await within(
        60_000,
        "a write after the kill",
        (async () => {
          while (true) {
            const res = await ana.post(
              `/v1/groups/${g}/expenses`,
              soloExpense({ id, memberId: m, amount: euros(2500) }),
            )
              .catch(() => ({
                status: 0,
                body: {} as Record<string, unknown>,
                headers: new Headers(),
              }));
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            if (res.status === 201) return res;
            assert.ok(res.status === 0 || res.status >= 500, `unexpected ${res.status}`);
            await new Promise((r) => setTimeout(r, 100));
          }
        })(),
      );
      const recoveryMs = Math.round(performance.now() - killedAt);
      // deno-lint-ignore no-console
      console.log(
        `SIGKILL of the embedded postmaster: writes back after ${recoveryMs} ms; ` +
          `answers meanwhile ${JSON.stringify(Object.fromEntries(seen))}`,
      );

      const after = await postmaster(pgdata);
      assert.notEqual(after.pid, before.pid, "a new postmaster");
      assert.equal(after.port, before.port, "on the same port, for the pools' URL");
      const restarted = kopek.text.split("\n").find((l) => l.includes("PostgreSQL restarted"));
      // The projector resumed: a read at the write's position answers it (a 503 meanwhile).
      const read = await within(
        60_000,
        "the projector at the write",
        (async () => {
          while (true) {
            const res = await ana.get(`/v1/groups/${g}/expenses/${id}`, {
              "Kopek-Min-Position": String(written.body.position),
            });
            if (res.status !== 503) return res;
          }
        })(),
      );
      assert.equal(read.status, 200, JSON.stringify(read.body));
      // deno-lint-ignore no-console
      console.log(
        `  server restarted after ${JSON.parse(restarted!).downMs} ms of downtime; the write ` +
          `read back (projector resumed) after ${Math.round(performance.now() - killedAt)} ms`,
      );
      assert.deepEqual(read.body.total, { amount: "25.00", currency: "EUR" });
      // Retried once more: the same answer, nothing doubled.
      const retry = await ana.post(
        `/v1/groups/${g}/expenses`,
        soloExpense({ id, memberId: m, amount: euros(2500) }),
      );
      assert.equal(retry.status, 201);
      assert.equal(retry.body.position, written.body.position);

      // Ctrl-C still stops Kopek and its server cleanly.
      const status = await kopek.stop();
      assert.equal(status.code, 0, kopek.text);
      assert.equal(await pgRunning(pgdata), false);
    } finally {
      kopek.kill();
      await kopek.finished();
      await stopPg(pgdata);
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "kopek start on an external database: every part resumes when the database comes back",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_supervise", { max: 1 });
    const target = new URL(db.url);
    await using proxy = startTcpProxy({ hostname: target.hostname, port: Number(target.port) });
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const dataDir = await Deno.makeTempDir({ prefix: "kopek-supervise-ext-" });
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const kopek = startTask("start", {
      KOPEK_DATABASE_URL: viaProxy.href,
      KOPEK_DATA_DIR: dataDir,
      // The guard on an external database watches the folders it is given.
      KOPEK_STORAGE_PATHS: dataDir,
      KOPEK_PORT: String(port),
      KOPEK_RATES_FETCH: "off",
      KOPEK_LOG_LEVEL: "warn",
    });
    try {
      await kopek.ready(base, 120_000);
      const { client: ana } = await new KopekClient(base).register("ana@example.com", "Ana");
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
      assert.equal(group.status, 201);
      const g = group.body.id;
      const m = group.body.memberId;

      await proxy.cut();
      const cutAt = performance.now();
      const id = crypto.randomUUID();
      const during = await ana.post(
        `/v1/groups/${g}/expenses`,
        soloExpense({ id, memberId: m, amount: euros(300) }),
      );
      assert.ok(during.status >= 500, `a write without a database answered ${during.status}`);
      await new Promise((r) => setTimeout(r, 2000));
      proxy.restore();
      const restoredAt = performance.now();
      const written = await within(
        60_000,
        "a write after the outage",
        (async () => {
          while (true) {
            const res = await ana.post(
              `/v1/groups/${g}/expenses`,
              soloExpense({ id, memberId: m, amount: euros(300) }),
            );
            if (res.status === 201) return res;
            await new Promise((r) => setTimeout(r, 100));
          }
        })(),
      );
      const writeMs = Math.round(performance.now() - restoredAt);
      const read = await within(
        60_000,
        "the projector at the write",
        (async () => {
          while (true) {
            const res = await ana.get(`/v1/groups/${g}/expenses/${id}`, {
              "Kopek-Min-Position": String(written.body.position),
            });
            if (res.status !== 503) return res;
          }
        })(),
      );
      assert.equal(read.status, 200, JSON.stringify(read.body));
      // deno-lint-ignore no-console
      console.log(
        `external database cut for ${
          Math.round(restoredAt - cutAt)
        } ms: writes back ${writeMs} ms ` +
          `after it returned, the write read back after ${
            Math.round(performance.now() - restoredAt)
          } ms`,
      );
      assert.doesNotMatch(kopek.text, /embedded PostgreSQL|watched folder/);
      const status = await kopek.stop();
      assert.equal(status.code, 0, kopek.text);
    } finally {
      kopek.kill();
      await kopek.finished();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "kopek start exits 1, saying why, when its embedded PostgreSQL's data folder is gone",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "kopek-supervise-gone-" });
    await Deno.chmod(dataDir, 0o755);
    const pgdata = join(dataDir, "pg");
    const port = freePort();
    const kopek = startTask("start", {
      KOPEK_DATA_DIR: dataDir,
      KOPEK_PORT: String(port),
      KOPEK_RATES_FETCH: "off",
      KOPEK_LOG_LEVEL: "warn",
    });
    try {
      await kopek.ready(`http://127.0.0.1:${port}`, 120_000);
      // The cluster is lost (a wrong volume, a deleted folder): a restart could only start empty.
      await Deno.remove(join(pgdata, "PG_VERSION"));
      Deno.kill((await postmaster(pgdata)).pid, "SIGKILL");
      const status = await within(60_000, "kopek exiting", kopek.finished());
      assert.equal(status.code, 1, kopek.text);
      const fatal = kopek.text.split("\n").filter((l) => l.includes('"level":"fatal"'));
      assert.ok(fatal.length >= 1, kopek.text);
      assert.match(fatal.join("\n"), /data folder .* is gone/);
      assert.match(fatal.at(-1)!, /cannot recover: exiting/);
    } finally {
      kopek.kill();
      await kopek.finished();
      await stopPg(pgdata);
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});

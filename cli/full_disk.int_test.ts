/**
 * `kopek start` (its task's flags) with the embedded PostgreSQL's data
 * folder on a small tmpfs: below `KOPEK_MIN_FREE_BYTES` writes answer 503
 * `storage_full` with `Retry-After` while reads still answer, and writes
 * resume by themselves once space is freed; a PostgreSQL that PANICked on
 * a full `pg_wal` anyway (filled behind Kopek's back) is started again by
 * the supervisor once space returns. Needs root (to mount the tmpfs).
 * Prints the recovery times.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import postgres from "postgres";
import { freeBytesOf } from "@kopek/platform";
import { freePort, within } from "@kopek/platform/testing";
import {
  type Answer,
  euros,
  KopekClient,
  pgRunning,
  postmaster,
  soloExpense,
  startTask,
  stopPg,
} from "@kopek/testing";

const MiB = 1024 * 1024;
const MIN_FREE = 32 * MiB;

async function run(cmd: string, args: string[]) {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  return { ok: out.success, text: new TextDecoder().decode(out.stderr) };
}

/** Writes zeros to `path` until the volume has at most `leaveBytes` free (0: until it is full). */
async function fill(path: string, leaveBytes: number) {
  const chunk = new Uint8Array(MiB);
  using file = await Deno.open(path, { write: true, create: true, append: true });
  while (true) {
    const free = freeBytesOf(path);
    if (free <= leaveBytes) return;
    try {
      await file.write(
        leaveBytes === 0 ? chunk : chunk.subarray(0, Math.min(MiB, free - leaveBytes)),
      );
    } catch (e) {
      if (leaveBytes === 0 && /No space left|ENOSPC|StorageFull/i.test(String(e))) return;
      throw e;
    }
  }
}

/** Retries `attempt` every 100 ms until `done` says so; returns the last answer. */
async function until(attempt: () => Promise<Answer>, done: (a: Answer) => boolean) {
  while (true) {
    const a = await attempt();
    if (done(a)) return a;
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test({
  name:
    "kopek start on a full volume: writes 503 storage_full, reads 200, both resume by themselves",
  ignore: Deno.uid() !== 0,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const root = await Deno.makeTempDir({ prefix: "kopek-full-" });
    await Deno.chmod(root, 0o755);
    const mnt = join(root, "mnt");
    await Deno.mkdir(mnt);
    const mounted = await run("mount", ["-t", "tmpfs", "-o", "size=160m,mode=0755", "tmpfs", mnt]);
    assert.ok(mounted.ok, `mount refused: ${mounted.text}`);
    const dataDir = join(mnt, "data");
    const pgdata = join(dataDir, "pg");
    const filler = join(mnt, "filler");
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const kopek = startTask("start", {
      KOPEK_DATA_DIR: dataDir,
      KOPEK_PORT: String(port),
      KOPEK_RATES_FETCH: "off",
      KOPEK_LOG_LEVEL: "warn",
      KOPEK_MIN_FREE_BYTES: String(MIN_FREE),
    });
    try {
      await kopek.ready(base, 120_000);
      const { client: ana } = await new KopekClient(base).register("ana@example.com", "Ana");
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
      assert.equal(group.status, 201);
      const g = group.body.id;
      const m = group.body.memberId;
      const first = await ana.post(
        `/v1/groups/${g}/expenses`,
        soloExpense({ id: crypto.randomUUID(), memberId: m, amount: euros(100) }),
      );
      assert.equal(first.status, 201);

      // 1. Below the threshold (but room left for PostgreSQL): writes refused, reads served.
      await fill(filler, MIN_FREE / 2);
      const id = crypto.randomUUID();
      const write = () =>
        ana.post(`/v1/groups/${g}/expenses`, soloExpense({ id, memberId: m, amount: euros(4200) }));
      const refused = await within(
        30_000,
        "a 503 storage_full",
        until(write, (a) => a.status !== 201),
      );
      assert.equal(refused.status, 503, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "storage_full");
      assert.equal(refused.headers.get("retry-after"), "30");
      const read = await ana.get(`/v1/groups/${g}/expenses/${first.body.id}`, {
        "Kopek-Min-Position": String(first.body.position),
      });
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.equal((await ana.get(`/v1/groups/${g}/balances`)).status, 200);
      // Ready (reads are served), degraded, saying which folder is short of space.
      const ready = await fetch(`${base}/readyz`);
      const readiness = await ready.json();
      assert.equal(ready.status, 200);
      assert.equal(readiness.status, "degraded");
      const storageCheck = readiness.checks.find((c: { name: string }) => c.name === "storage");
      assert.equal(storageCheck.ok, false);
      assert.match(storageCheck.detail, /\/pg(\/pg_wal)?: \d+ MiB free, writes pause below 32 MiB/);

      const freedAt = performance.now();
      await Deno.remove(filler);
      const accepted = await within(30_000, "writes again", until(write, (a) => a.status === 201));
      assert.equal(accepted.body.id, id);
      // deno-lint-ignore no-console
      console.log(
        `full volume: writes accepted ${
          Math.round(performance.now() - freedAt)
        } ms after space was freed`,
      );

      // 2. The volume filled behind Kopek's back until PostgreSQL PANICs on pg_wal.
      const { port: pgPort } = await postmaster(pgdata);
      const password = (await Deno.readTextFile(join(dataDir, "pg-password"))).trim();
      const direct = postgres(
        `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/kopek`,
        { max: 1, onnotice: () => {} },
      );
      await fill(filler, 0);
      let panicked: unknown = null;
      try {
        for (let i = 0; i < 100 && panicked === null; i++) {
          // WAL only (no table page to extend), then a new segment: no room for it.
          await direct`SELECT pg_logical_emit_message(false, 'kopek-test', 'x'), pg_switch_wal()`
            .catch((e) => panicked = e);
        }
      } finally {
        await direct.end({ timeout: 1 }).catch(() => {});
      }
      assert.ok(panicked !== null, "PostgreSQL kept writing WAL on a full volume");
      const logText = await Deno.readTextFile(join(pgdata, "server.log")).catch(() => "");
      const panicLine = logText.split("\n").find((l) => l.includes("PANIC"));
      const refusedFull = await within(
        30_000,
        "a 503 while full",
        until(
          () =>
            ana.post(
              `/v1/groups/${g}/expenses`,
              soloExpense({ id: crypto.randomUUID(), memberId: m, amount: euros(7) }),
            ),
          (a) => a.status === 503,
        ),
      );
      assert.equal(refusedFull.body.code, "storage_full");
      // Crash recovery cannot finish while the volume is full: the server is down for good.
      await within(
        60_000,
        "the server down",
        (async () => {
          while (await pgRunning(pgdata)) await new Promise((r) => setTimeout(r, 200));
        })(),
      );
      const downAt = performance.now();

      await Deno.remove(filler);
      const id2 = crypto.randomUUID();
      const back = await within(
        120_000,
        "writes after the restart",
        until(
          () =>
            ana.post(
              `/v1/groups/${g}/expenses`,
              soloExpense({ id: id2, memberId: m, amount: euros(900) }),
            ),
          (a) => a.status === 201,
        ),
      );
      const backMs = Math.round(performance.now() - downAt);
      // The supervisor's log line and the write's answer travel apart (the log through a pipe the
      // test reads as it comes): wait for the line instead of expecting it already there.
      await within(
        30_000,
        "the restart in the log",
        (async () => {
          while (!/embedded PostgreSQL restarted/.test(kopek.text)) {
            await new Promise((r) => setTimeout(r, 50));
          }
        })(),
      );
      const readBack = await within(
        60_000,
        "the projector at the write",
        (async () => {
          while (true) {
            const res = await ana.get(`/v1/groups/${g}/expenses/${id2}`, {
              "Kopek-Min-Position": String(back.body.position),
            });
            if (res.status !== 503) return res;
          }
        })(),
      );
      assert.equal(readBack.status, 200, JSON.stringify(readBack.body));
      // deno-lint-ignore no-console
      console.log(
        `PANIC on a full pg_wal (${panicLine?.slice(0, 160) ?? "no PANIC line in server.log"}): ` +
          `server down for good until space was freed; writes accepted ${backMs} ms after that`,
      );
      const status = await kopek.stop();
      assert.equal(status.code, 0, kopek.text);
    } finally {
      kopek.kill();
      await kopek.finished();
      await stopPg(pgdata);
      const unmounted = await run("umount", [mnt]);
      if (!unmounted.ok) await run("umount", ["-l", mnt]);
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
  },
});

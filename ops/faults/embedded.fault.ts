/**
 * Faults of the all-in-one's embedded PostgreSQL (KOPEK_DATA_DIR, no
 * KOPEK_DATABASE_URL): its postmaster killed with SIGKILL (the all-in-one
 * must start it again), and a full volume (the data folder on a small tmpfs,
 * filled to the brim: writes answer 503 `storage_full`, reads keep working,
 * and writes resume by themselves once space is freed).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pgRunning, postmaster, stopPg } from "@kopek/testing";
import {
  assertBoundedAnswers,
  checkWrites,
  describeData,
  embeddedUrl,
  faultTest,
  fillData,
  firstSuccessAfter,
  type KopekProcess,
  prepareTarget,
  RECOVERY_BOUND_MS,
  spawnKopek,
  startExpenseReads,
  waitStatus,
} from "./harness.ts";
import { startWrites } from "../load/driver.ts";
import { describeSamples, seconds } from "./report.ts";

const MiB = 1024 * 1024;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops Kopek, then the embedded server if it outlived it. */
async function stopAll(kopek: KopekProcess, dataDir: string): Promise<void> {
  await kopek.stop();
  await stopPg(join(dataDir, "pg"));
}

/** A data folder every user can reach (the embedded server runs as `postgres` under root). */
async function dataFolder(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "kopek-faults-embedded-" });
  await Deno.chmod(dir, 0o755);
  return dir;
}

faultTest("kill -9 of the embedded PostgreSQL postmaster", async (row) => {
  const dataDir = await dataFolder();
  const kopek = spawnKopek("start", { KOPEK_DATA_DIR: dataDir });
  try {
    await waitStatus(`${kopek.base}/readyz`, 200, 120_000, kopek);
    const target = await prepareTarget(kopek.base);
    const load = startWrites(target.base, target);
    row.dataCheck = async () => describeData(await checkWrites(await embeddedUrl(dataDir), load));
    try {
      await load.moreAcks(40, 60_000, "writes before the fault");
      const { pid } = await postmaster(join(dataDir, "pg"));
      Deno.kill(pid, "SIGKILL");
      const end = performance.now();
      await load.moreAcks(40, RECOVERY_BOUND_MS, "writes after the kill");
      await waitStatus(`${kopek.base}/readyz`, 200, RECOVERY_BOUND_MS, kopek);
      const first = firstSuccessAfter(load.samples, end);
      row.recovery = first === null ? "none" : `${seconds(first - end)} to the first write`;
      assert.ok(await pgRunning(join(dataDir, "pg")), "the embedded server runs again");
      assert.notEqual((await postmaster(join(dataDir, "pg"))).pid, pid, "a new postmaster");
    } finally {
      await load.stop(kopek.exited() ? 0 : 30_000);
      row.clients = describeSamples(load.samples);
      await fillData(row);
    }
    assert.ok(!kopek.exited(), `Kopek exited:\n${kopek.output()}`);
    const data = await checkWrites(await embeddedUrl(dataDir), load);
    row.data = describeData(data);
    assert.deepEqual({ lost: data.lost, doubled: data.doubled }, { lost: 0, doubled: 0 });
    assertBoundedAnswers(load.samples);
  } finally {
    await stopAll(kopek, dataDir);
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});

async function sh(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: ${text}`);
  return text;
}

/** Bytes free on the volume of `path` (`df`). */
async function freeBytes(path: string): Promise<number> {
  const text = await sh("df", ["-B1", "--output=avail", path]);
  return Number(text.trim().split("\n").at(-1));
}

/** Whether this process may mount a tmpfs (root). */
async function canMount(): Promise<boolean> {
  if (Deno.uid() !== 0) return false;
  const dir = await Deno.makeTempDir({ prefix: "kopek-faults-mount-" });
  try {
    await sh("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir]);
    await sh("umount", [dir]);
    return true;
  } catch {
    return false;
  } finally {
    await Deno.remove(dir).catch(() => {});
  }
}

/** The volume: large enough for the cluster and its WAL, small enough to fill at once. */
const VOLUME = "320m";
/** The write guard's threshold for this run (the default, 256 MiB, is most of the volume). */
const MIN_FREE = 48 * MiB;
/** What the filler leaves free: below the threshold, above nothing. */
const LEFT_FREE = 4 * MiB;

faultTest("a full volume (embedded PostgreSQL's data folder on a 320 MiB tmpfs)", async (row) => {
  const dataDir = await dataFolder();
  await sh("mount", ["-t", "tmpfs", "-o", `size=${VOLUME},mode=0755`, "tmpfs", dataDir]);
  const kopek = spawnKopek("start", {
    KOPEK_DATA_DIR: dataDir,
    KOPEK_MIN_FREE_BYTES: String(MIN_FREE),
  });
  const filler = join(dataDir, "filler");
  try {
    await waitStatus(`${kopek.base}/readyz`, 200, 120_000, kopek);
    const target = await prepareTarget(kopek.base);
    const load = startWrites(target.base, target);
    row.dataCheck = async () => describeData(await checkWrites(await embeddedUrl(dataDir), load));
    const reads = startExpenseReads(kopek.base, target, { readers: 2 });
    let full = 0;
    let freed = 0;
    try {
      await load.moreAcks(40, 60_000, "writes before the fault");
      const free = await freeBytes(dataDir);
      await sh("fallocate", ["-l", String(Math.max(0, free - LEFT_FREE)), filler]);
      full = performance.now();
      // Writes must be refused with storage_full: wait for the first such answer.
      const deadline = full + RECOVERY_BOUND_MS;
      const refused = () => load.samples.some((s) => s.start >= full && s.code === "storage_full");
      while (!refused() && performance.now() < deadline && !kopek.exited()) await delay(100);
      assert.ok(refused(), "no write was refused with storage_full on the full volume");
      // Reads keep working while the volume is full.
      const readsFrom = performance.now();
      while (
        !reads.samples.some((s) => s.start >= readsFrom && s.status === 200) &&
        performance.now() < readsFrom + RECOVERY_BOUND_MS
      ) await delay(100);
      await Deno.remove(filler);
      freed = performance.now();
      await load.moreAcks(40, RECOVERY_BOUND_MS, "writes after space was freed");
      const first = firstSuccessAfter(load.samples, freed);
      row.recovery = first === null
        ? "none"
        : `${seconds(first - freed)} from freeing space to the first write`;
    } finally {
      await reads.stop();
      await load.stop(kopek.exited() ? 0 : 30_000);
      row.clients = `writes: ${describeSamples(load.samples)}; reads: ${
        describeSamples(reads.samples)
      }`;
      await fillData(row);
    }
    assert.ok(!kopek.exited(), `Kopek exited:\n${kopek.output()}`);
    const readsWhileFull = reads.samples.filter((s) => s.start >= full && s.start <= freed);
    assert.ok(
      readsWhileFull.some((s) => s.status === 200),
      `no read succeeded while the volume was full: ${describeSamples(readsWhileFull)}`,
    );
    const data = await checkWrites(await embeddedUrl(dataDir), load);
    row.data = describeData(data);
    assert.deepEqual({ lost: data.lost, doubled: data.doubled }, { lost: 0, doubled: 0 });
    assertBoundedAnswers([...load.samples, ...reads.samples]);
  } finally {
    await Deno.remove(filler).catch(() => {});
    await stopAll(kopek, dataDir);
    await sh("umount", ["-l", dataDir]).catch(() => {});
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}, { ignore: !(await canMount()) && "cannot mount a tmpfs (not root)" });

/**
 * Faults of an external PostgreSQL (the all-in-one with KOPEK_DATABASE_URL
 * on a server of the suite's own): stopped in immediate and in fast mode and
 * started again 5 s later, and a table lock held on a read model and on the
 * event log. Under the write load, clients must see bounded 503s with
 * `Retry-After` (never a hang or a 500), the process must survive, service
 * must come back by itself, and no acknowledged write may be lost or doubled.
 *
 * @module
 */
import assert from "node:assert/strict";
import { ownClusterBinariesPresent, startOwnCluster } from "../../platform/testing/own_cluster.ts";
import { connect } from "../../platform/db.ts";
import {
  assertBoundedAnswers,
  checkWrites,
  describeData,
  faultTest,
  fillData,
  firstSuccessAfter,
  prepareTarget,
  READ_BOUND_MS,
  RECOVERY_BOUND_MS,
  startAllInOne,
  startExpenseReads,
  waitStatus,
} from "./harness.ts";
import { probe, type Sample, startWrites } from "../load/driver.ts";
import { expensesRequest } from "../load/scenarios.js";
import { describeSamples, seconds } from "./report.ts";

const ignore = !(await ownClusterBinariesPresent()) && "no PostgreSQL 15 binaries";
const OUTAGE_MS = 5_000;
/** Longer than the answer bound: a request that waits for the lock instead of its own bound shows. */
const LOCK_MS = 20_000;

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The all-in-one on a server of the suite's own, ready, with a user and a group. */
async function allInOneOnOwnCluster() {
  const cluster = await startOwnCluster();
  try {
    const kopek = await startAllInOne({ KOPEK_DATABASE_URL: cluster.url() });
    try {
      const target = await prepareTarget(kopek.base);
      return {
        cluster,
        kopek,
        target,
        async [Symbol.asyncDispose]() {
          await kopek[Symbol.asyncDispose]();
          await cluster.close();
        },
      };
    } catch (e) {
      await kopek[Symbol.asyncDispose]();
      throw e;
    }
  } catch (e) {
    await cluster.close();
    throw e;
  }
}

for (const mode of ["immediate", "fast"] as const) {
  faultTest(`PostgreSQL stopped (-m ${mode}) for 5 s, then started`, async (row) => {
    await using env = await allInOneOnOwnCluster();
    const { cluster, kopek, target } = env;
    const load = startWrites(target.base, target);
    row.dataCheck = async () => describeData(await checkWrites(cluster.url(), load));
    try {
      await load.moreAcks(40, 60_000, "writes before the fault");
      await cluster.stop(mode);
      await delay(OUTAGE_MS);
      await cluster.start();
      const end = performance.now();
      await load.moreAcks(40, RECOVERY_BOUND_MS, "writes after PostgreSQL came back");
      await waitStatus(`${kopek.base}/readyz`, 200, RECOVERY_BOUND_MS, kopek);
      const first = firstSuccessAfter(load.samples, end);
      row.recovery = first === null ? "none" : `${seconds(first - end)} to the first write`;
    } finally {
      await load.stop(kopek.exited() ? 0 : 30_000);
      row.clients = describeSamples(load.samples);
      await fillData(row);
    }
    assert.ok(!kopek.exited(), `Kopek exited:\n${kopek.output()}`);
    const data = await checkWrites(cluster.url(), load);
    row.data = describeData(data);
    assert.deepEqual({ lost: data.lost, doubled: data.doubled }, { lost: 0, doubled: 0 });
    assertBoundedAnswers(load.samples);
  }, { ignore });
}

/** Holds `LOCK TABLE table IN ACCESS EXCLUSIVE MODE` for `ms` on a connection of its own. */
async function holdLock(url: string, table: string, ms: number): Promise<void> {
  const sql = connect(url, { max: 1 });
  try {
    await sql.begin(async (tx) => {
      await tx.unsafe(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      await delay(ms);
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Resolves once another session holds `table`'s ACCESS EXCLUSIVE lock. */
async function lockGranted(url: string, table: string): Promise<void> {
  const sql = connect(url, { max: 1 });
  try {
    for (let i = 0; i < 600; i++) {
      const [row] = await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname = ${table} AND l.mode = 'AccessExclusiveLock' AND l.granted`;
      if (row.n > 0) return;
      await delay(50);
    }
    throw new Error(`the lock on ${table} was not granted within 30 s`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

for (const [table, what] of [["rm_entries", "a read model"], ["events", "the event log"]]) {
  faultTest(`LOCK TABLE ${table} (${what}) held ${LOCK_MS / 1000} s`, async (row) => {
    await using env = await allInOneOnOwnCluster();
    const { cluster, kopek, target } = env;
    const load = startWrites(target.base, target);
    row.dataCheck = async () => describeData(await checkWrites(cluster.url(), load));
    // Read-your-writes reads of the newest write, and plain reads of the list.
    const positioned = startExpenseReads(kopek.base, target, {
      minPosition: () => load.lastPosition,
    });
    const plain = startExpenseReads(kopek.base, target, { readers: 2 });
    const probes: Sample[] = [];
    let end = 0;
    let start = 0;
    try {
      await load.moreAcks(40, 60_000, "writes before the fault");
      start = performance.now();
      const locked = holdLock(cluster.url(), table, LOCK_MS);
      // The readers may all be caught in reads sent just before the lock (served once it ends), so
      // the lock's own evidence is a positioned read sent once the lock is held: of a write
      // acknowledged after that when writes go on (a position the projector cannot apply now).
      await lockGranted(cluster.url(), table);
      await load.moreAcks(1, 3_000, "a write during the lock").catch(() => {});
      probes.push(
        await probe(kopek.base, expensesRequest(target, load.lastPosition, 5)),
      );
      await locked;
      end = performance.now();
      await load.moreAcks(40, RECOVERY_BOUND_MS, "writes after the lock");
      const readAfter = () =>
        positioned.samples.some((s) => s.start >= end + 1 && s.status === 200);
      const deadline = performance.now() + RECOVERY_BOUND_MS;
      while (!readAfter() && performance.now() < deadline) await delay(100);
      const first = firstSuccessAfter(positioned.samples, end);
      row.recovery = first === null
        ? "no positioned read succeeded"
        : `${seconds(first - end)} to the first Min-Position read`;
      assert.ok(first !== null, "no Min-Position read succeeded after the lock");
    } finally {
      await Promise.all([positioned.stop(), plain.stop()]);
      await load.stop(kopek.exited() ? 0 : 30_000);
      row.clients = `writes: ${describeSamples(load.samples)}; Min-Position reads: ${
        describeSamples(positioned.samples)
      }; plain reads: ${describeSamples(plain.samples)}`;
      await fillData(row);
    }
    assert.ok(!kopek.exited(), `Kopek exited:\n${kopek.output()}`);
    const data = await checkWrites(cluster.url(), load);
    row.data = describeData(data);
    assert.deepEqual({ lost: data.lost, doubled: data.doubled }, { lost: 0, doubled: 0 });
    // Writes and refused positioned reads answer within their bounds. A read that gets its data
    // (a plain read, or a positioned one whose position was applied before the lock) waits for
    // the lock up to the statement timeout.
    const served = (s: { status: unknown }) => s.status === 200;
    assertBoundedAnswers([...load.samples, ...positioned.samples.filter((s) => !served(s))]);
    assertBoundedAnswers([...plain.samples, ...positioned.samples.filter(served)], {
      boundMs: READ_BOUND_MS,
    });
    // The lock bit: a read that needed the projector during the lock was refused, not served.
    const during = [...positioned.samples, ...probes].filter((s) =>
      s.start >= start && s.start <= end
    );
    assert.ok(
      during.some((s) => s.status === 503),
      `no Min-Position read sent during the lock answered 503: ${describeSamples(during)}`,
    );
  }, { ignore });
}

import assert from "node:assert/strict";
import { groupBalances, groupStream } from "@kopek/domain";
import {
  appendGroup,
  createImportsDatabase,
  dumpOf,
  eventCount,
  foldStream,
  type ImportsDatabase,
  inPieces,
  quiet,
  userId,
} from "./_testing.ts";
import type { ImportEngine } from "./engine.ts";
import { createDumpImportEngine } from "./dump_engine.ts";
import { IMPORT_POLICY, type ImportPolicy } from "./policy.ts";
import { LeaseLostError, runImportJob } from "./runner.ts";
import type { ImportProgress } from "./job.ts";
import { readImportJob } from "./store.ts";
import { receiveDump } from "./receive.ts";
import { claimNextJob, releaseJob } from "./lease.ts";
import { createImportWorker } from "./worker.ts";
import { Registry } from "prom-client";

const POLICY: ImportPolicy = {
  ...IMPORT_POLICY,
  chunkBytes: 4096,
  batchEvents: 40,
  progressEveryMs: 0,
  pollMs: 50,
};

/** Balances by member name. */
async function balancesByName(db: ImportsDatabase, stream: string) {
  const state = await foldStream(db.store, stream);
  return Object.fromEntries(
    groupBalances(state).members.map((m) => [state.members.get(m.memberId)!.name, m.balance]),
  );
}

async function enqueue(db: ImportsDatabase, text: string, owner = userId()) {
  return (await receiveDump(db.sql, { ownerId: owner, body: inPieces(text, 5000) }, POLICY)).id;
}

async function streamRows(db: ImportsDatabase, stream: string) {
  return await db.sql<{ id: string; version: number; tx_id: string }[]>`
    SELECT id, version, tx_id::text FROM events WHERE stream = ${stream} ORDER BY version`;
}

/** The engine, but the replay throws (a crash of the process) after `steps` steps. */
function crashingAfter(steps: number): ImportEngine {
  const engine = createDumpImportEngine();
  return {
    check: engine.check,
    replay(bytes, plan, context, onStep) {
      let n = 0;
      return engine.replay(bytes, plan, context, (step) => {
        if (n++ === steps) throw new Error("the process died");
        return onStep(step);
      });
    },
  };
}

Deno.test("runImportJob() imports a dump in bounded batches: same balances, progress to the end", async () => {
  await using db = await createImportsDatabase();
  const source = await appendGroup(db.store, { name: "Lisbon", expenses: 150 });
  const dump = await dumpOf(db.store, [source]);
  const owner = userId();
  const id = await enqueue(db, dump, owner);
  const job = (await claimNextJob(db.sql, { workerId: "w" }, POLICY))!;
  const seen: ImportProgress[] = [];
  let nudges = 0;
  const outcome = await runImportJob(job, {
    sql: db.sql,
    store: db.store,
    engine: createDumpImportEngine(),
    logger: quiet,
    workerId: "w",
    policy: POLICY,
    onProgress: (p) => seen.push(p),
    onAppended: () => nudges++,
  });
  assert.equal(outcome.status, "done");
  if (outcome.status !== "done") return;
  assert.equal(outcome.groups.length, 1);
  assert.equal(outcome.groups[0].name, "Lisbon");
  const stream = groupStream(outcome.groups[0].id);
  assert.notEqual(stream, source);
  assert.deepEqual(await balancesByName(db, stream), await balancesByName(db, source));
  const rows = await streamRows(db, stream);
  const total = rows.length;
  // Each batch its own transaction, none above the bound.
  const perTx = Map.groupBy(rows, (r) => r.tx_id);
  assert.equal(perTx.size, Math.ceil(total / 40));
  assert.ok([...perTx.values()].every((b) => b.length <= 40));
  assert.equal(nudges, perTx.size);
  // Linked to the importer, as the owner.
  const state = await foldStream(db.store, stream);
  assert.deepEqual(
    [...state.members.values()].filter((m) => m.userId !== null).map((m) => [m.userId, m.role]),
    [[owner, "owner"]],
  );
  // Progress: the bytes checked, then the events appended, up to the totals.
  const checking = seen.filter((p) => p.phase === "checking");
  const appending = seen.filter((p) => p.phase === "appending");
  assert.equal(checking.at(-1)?.done, job.size);
  assert.ok(checking.every((p, i) => i === 0 || p.done >= checking[i - 1].done));
  assert.deepEqual(appending.at(-1), { phase: "appending", done: total, total, unit: "events" });
  const stored = (await readImportJob(db.sql, id))!;
  assert.equal(stored.status, "done");
  assert.deepEqual(stored.groups, outcome.groups);
  assert.equal(stored.position, outcome.position);
  assert.equal(
    stored.position,
    Math.max(...(await db.sql<{ p: number }[]>`
    SELECT position AS p FROM events WHERE stream = ${stream}`).map((r) => Number(r.p))),
  );
  assert.equal(stored.progress, null);
  assert.equal(
    (await db.sql`SELECT 1 FROM import_job_chunks WHERE job_id = ${id}`).length,
    0,
  );
});

Deno.test("a job whose worker died mid-replay is resumed by another: same ids, nothing twice", async () => {
  await using db = await createImportsDatabase();
  const source = await appendGroup(db.store, { expenses: 120 });
  const dump = await dumpOf(db.store, [source]);
  const id = await enqueue(db, dump);
  const first = (await claimNextJob(db.sql, { workerId: "dies" }, POLICY))!;
  await assert.rejects(
    runImportJob(first, {
      sql: db.sql,
      store: db.store,
      engine: crashingAfter(100),
      logger: quiet,
      workerId: "dies",
      policy: POLICY,
    }),
    /the process died/,
  );
  const crashed = (await readImportJob(db.sql, id))!;
  assert.equal(crashed.status, "running", "a dead worker leaves its job running under its lease");
  assert.ok(crashed.plan, "with the plan of its first pass");
  const groupId = crashed.plan!.groups[0].id;
  const stream = groupStream(groupId);
  const before = await streamRows(db, stream);
  assert.equal(before.length, 80, "two batches of 40 were committed before the crash");
  assert.equal(await claimNextJob(db.sql, { workerId: "other" }, POLICY), null, "leased");

  await db.sql`UPDATE import_jobs SET lease_until = now() - interval '1 second' WHERE id = ${id}`;
  const resumed = (await claimNextJob(db.sql, { workerId: "other" }, POLICY))!;
  assert.equal(resumed.id, id);
  assert.equal(resumed.attempts, 2);
  const outcome = await runImportJob(resumed, {
    sql: db.sql,
    store: db.store,
    engine: createDumpImportEngine(),
    logger: quiet,
    workerId: "other",
    policy: POLICY,
  });
  assert.equal(outcome.status, "done");
  const after = await streamRows(db, stream);
  assert.deepEqual(after.slice(0, 80).map((r) => r.id), before.map((r) => r.id));
  assert.deepEqual(after.map((r) => r.version), after.map((_, i) => i + 1));
  assert.equal(new Set(after.map((r) => r.id)).size, after.length);
  assert.deepEqual(await balancesByName(db, stream), await balancesByName(db, source));
});

Deno.test("a worker that lost its lease and goes on beside the new one appends nothing twice", async () => {
  await using db = await createImportsDatabase();
  const source = await appendGroup(db.store, { expenses: 200 });
  const id = await enqueue(db, await dumpOf(db.store, [source]));
  const stale = (await claimNextJob(db.sql, { workerId: "stale" }, POLICY))!;
  // Pass 1 by the first worker, which then stalls past its lease.
  await assert.rejects(
    runImportJob(stale, {
      sql: db.sql,
      store: db.store,
      engine: crashingAfter(0),
      logger: quiet,
      workerId: "stale",
      policy: POLICY,
    }),
    /the process died/,
  );
  const planned = (await readImportJob(db.sql, id))!;
  await db.sql`UPDATE import_jobs SET lease_until = now() - interval '1 second' WHERE id = ${id}`;
  const fresh = (await claimNextJob(db.sql, { workerId: "fresh" }, POLICY))!;
  const run = (job: typeof fresh, workerId: string, policy: ImportPolicy) =>
    runImportJob(job, {
      sql: db.sql,
      store: db.store,
      engine: createDumpImportEngine(),
      logger: quiet,
      workerId,
      policy,
    });
  // Both replay at once to the end: the stale one renews (and so notices) only at the end.
  const unaware = { ...POLICY, leaseMs: 3_600_000, progressEveryMs: 3_600_000 };
  const [late, current] = await Promise.allSettled([
    run(planned, "stale", unaware),
    run(fresh, "fresh", POLICY),
  ]);
  assert.ok(
    late.status === "rejected" && late.reason instanceof LeaseLostError,
    late.status === "rejected" ? String(late.reason?.stack ?? late.reason) : "fulfilled",
  );
  assert.equal(current.status, "fulfilled", String((current as PromiseRejectedResult).reason));
  const stream = groupStream(planned.plan!.groups[0].id);
  const rows = await streamRows(db, stream);
  assert.equal(rows.length, planned.plan!.events);
  assert.equal(new Set(rows.map((r) => r.id)).size, rows.length);
  assert.deepEqual(await balancesByName(db, stream), await balancesByName(db, source));
  assert.equal((await readImportJob(db.sql, id))?.status, "done");
});

Deno.test("a worker whose job another one finished meanwhile (its chunks gone) stops with a lost lease", async () => {
  await using db = await createImportsDatabase();
  const source = await appendGroup(db.store, { expenses: 50 });
  const id = await enqueue(db, await dumpOf(db.store, [source]));
  const stale = (await claimNextJob(db.sql, { workerId: "stale" }, POLICY))!;
  // Another worker took the job over and finished it: the row is done, the chunks deleted.
  await db.sql`UPDATE import_jobs SET status = 'done', lease_owner = NULL WHERE id = ${id}`;
  await db.sql`DELETE FROM import_job_chunks WHERE job_id = ${id}`;
  const unaware = { ...POLICY, leaseMs: 3_600_000, progressEveryMs: 3_600_000 };
  const run = runImportJob(stale, {
    sql: db.sql,
    store: db.store,
    engine: createDumpImportEngine(),
    logger: quiet,
    workerId: "stale",
    policy: unaware,
  });
  await assert.rejects(
    run,
    (e) => e instanceof LeaseLostError && /lost chunk/.test(String(e.cause)),
  );
});

Deno.test("a refused dump ends refused with its 422 problem, nothing appended, its bytes gone", async () => {
  await using db = await createImportsDatabase();
  const source = await appendGroup(db.store, { expenses: 30 });
  const dump = await dumpOf(db.store, [source]);
  const at = dump.indexOf("ExpenseRecorded") + 2;
  const tampered = dump.slice(0, at) + "X" + dump.slice(at + 1);
  const before = await eventCount(db);
  const worker = createImportWorker({
    sql: db.sql,
    store: db.store,
    logger: quiet,
    policy: POLICY,
  });
  const refused = await enqueue(db, tampered);
  const empty = await enqueue(db, "");
  for (const _ of [1, 2]) assert.equal((await worker.runOnce())?.status, "refused");
  for (const [id, code] of [[refused, "dump.checksum_mismatch"], [empty, "dump.not_a_dump"]]) {
    const job = (await readImportJob(db.sql, id))!;
    assert.equal(job.status, "refused");
    assert.equal(job.problem?.status, 422);
    assert.equal(job.problem?.code, code);
    assert.equal(job.problem?.type, `https://kopek.dev/problems/${code}`);
    assert.match(job.problem?.detail ?? "", /./);
    assert.equal((await db.sql`SELECT 1 FROM import_job_chunks WHERE job_id = ${id}`).length, 0);
  }
  assert.equal(await eventCount(db), before, "nothing appended");
});

Deno.test("createImportWorker(): an internal error is retried, then the job fails with a 500 problem", async () => {
  await using db = await createImportsDatabase();
  const source = await appendGroup(db.store, { expenses: 5 });
  const id = await enqueue(db, await dumpOf(db.store, [source]));
  let runs = 0;
  const broken: ImportEngine = {
    check: () => {
      runs++;
      return Promise.reject(new Error("a bug"));
    },
    replay: () => Promise.reject(new Error("unreachable")),
  };
  const worker = createImportWorker({
    sql: db.sql,
    store: db.store,
    logger: quiet,
    engine: broken,
    policy: { ...POLICY, maxAttempts: 3 },
  });
  for (let i = 0; i < 3; i++) assert.equal(await worker.runOnce(), null);
  assert.equal(runs, 3);
  assert.equal(await worker.runOnce(), null, "nothing left to claim");
  const job = (await readImportJob(db.sql, id))!;
  assert.equal(job.status, "failed");
  assert.equal(job.attempts, 3);
  assert.equal(job.problem?.status, 500);
  assert.equal(job.problem?.code, "import.failed");
});

Deno.test("createImportWorker() runs queued jobs when nudged; stop() gives a running job back", async () => {
  await using db = await createImportsDatabase();
  const source = await appendGroup(db.store, { expenses: 40 });
  const dump = await dumpOf(db.store, [source]);
  const gate = Promise.withResolvers<void>();
  const started = Promise.withResolvers<void>();
  const real = createDumpImportEngine();
  const slow: ImportEngine = {
    async check(bytes, context) {
      started.resolve();
      await gate.promise;
      return await real.check(bytes, context);
    },
    replay: real.replay,
  };
  const worker = createImportWorker({
    sql: db.sql,
    store: db.store,
    logger: quiet,
    engine: slow,
    policy: { ...POLICY, pollMs: 60_000 },
  });
  worker.start();
  const id = await enqueue(db, dump);
  worker.nudge();
  await started.promise;
  assert.equal(worker.running(), 1);
  const stopped = worker.stop();
  gate.resolve();
  await stopped;
  const job = (await readImportJob(db.sql, id))!;
  assert.equal(job.status, "queued", "given back");
  assert.equal(job.attempts, 0, "a clean stop uses up no attempt");

  // Another worker takes it from there.
  const next = createImportWorker({ sql: db.sql, store: db.store, logger: quiet, policy: POLICY });
  next.start();
  next.nudge();
  const deadline = Date.now() + 60_000;
  while ((await readImportJob(db.sql, id))?.status !== "done") {
    assert.ok(Date.now() < deadline, "the job was not done in time");
    await new Promise((r) => setTimeout(r, 50));
  }
  await next.stop();
  assert.equal(
    await releaseJob(db.sql, { id, workerId: next.workerId }, { countAttempt: false }),
    false,
  );
});

Deno.test("createImportWorker() counts runs by outcome, their bytes, and the jobs by status", async () => {
  await using db = await createImportsDatabase();
  const registry = new Registry();
  const source = await appendGroup(db.store, { expenses: 5 });
  const dump = await dumpOf(db.store, [source]);
  await enqueue(db, dump);
  await enqueue(db, "");
  let calls = 0;
  const real = createDumpImportEngine();
  // The first check fails once (an internal error: retried), then the real engine runs.
  const flaky: ImportEngine = {
    check: (...args) => calls++ === 0 ? Promise.reject(new Error("a bug")) : real.check(...args),
    replay: real.replay,
  };
  const worker = createImportWorker({
    sql: db.sql,
    store: db.store,
    logger: quiet,
    engine: flaky,
    policy: POLICY,
    metrics: registry,
  });
  const outcomes = [];
  for (let i = 0; i < 3; i++) outcomes.push((await worker.runOnce())?.status ?? null);
  assert.deepEqual(outcomes.sort(), ["done", "refused", null].sort());
  const text = await registry.metrics();
  assert.match(text, /^kopek_imports_runs_total\{outcome="retried"\} 1$/m);
  assert.match(text, /^kopek_imports_runs_total\{outcome="done"\} 1$/m);
  assert.match(text, /^kopek_imports_runs_total\{outcome="refused"\} 1$/m);
  assert.match(
    text,
    new RegExp(`^kopek_imports_bytes_total ${new TextEncoder().encode(dump).length}$`, "m"),
  );
  assert.match(text, /^kopek_imports_jobs\{status="done"\} 1$/m);
  assert.match(text, /^kopek_imports_jobs\{status="refused"\} 1$/m);
  assert.match(text, /^kopek_imports_jobs\{status="queued"\} 0$/m);
  assert.match(text, /^kopek_imports_run_duration_seconds_count\{outcome="done"\} 1$/m);
});

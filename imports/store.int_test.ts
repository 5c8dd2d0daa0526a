import assert from "node:assert/strict";
import {
  appendGroup,
  createImportsDatabase,
  dumpOf,
  type ImportsDatabase,
  inPieces,
  userId,
} from "./_testing.ts";
import { IMPORT_POLICY, type ImportPolicy } from "./policy.ts";
import { readImportJob } from "./store.ts";
import { ImportQuotaError, ImportTooLargeError, jobBytes, receiveDump } from "./receive.ts";
import {
  claimNextJob,
  failedProblem,
  finishJob,
  releaseJob,
  startHeldJob,
  sweepImportJobs,
} from "./lease.ts";

const SMALL: ImportPolicy = { ...IMPORT_POLICY, chunkBytes: 1000, maxRunning: 10 };

async function jobRows(db: ImportsDatabase) {
  const [row] = await db.sql<{ jobs: number; chunks: number }[]>`
    SELECT (SELECT count(*)::int FROM import_jobs) AS jobs,
           (SELECT count(*)::int FROM import_job_chunks) AS chunks`;
  return row;
}

async function collect(bytes: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of bytes) parts.push(p);
  return new Uint8Array(parts.flatMap((p) => [...p]));
}

function queue(db: ImportsDatabase, owner: string, text = "x".repeat(10), policy = SMALL) {
  return receiveDump(db.sql, { ownerId: owner, body: inPieces(text, 7) }, policy);
}

Deno.test("receiveDump() stores the body as it streams, in chunks of at most chunkBytes", async () => {
  await using db = await createImportsDatabase();
  const stream = await appendGroup(db.store, { expenses: 20 });
  const dump = await dumpOf(db.store, [stream]);
  const bytes = new TextEncoder().encode(dump);
  const owner = userId();
  const { id, size } = await receiveDump(db.sql, {
    ownerId: owner,
    requestId: "req-1",
    body: inPieces(bytes, 333),
  }, SMALL);
  assert.equal(size, bytes.length);
  const job = (await readImportJob(db.sql, id))!;
  assert.equal(job.status, "queued");
  assert.equal(job.ownerId, owner);
  assert.equal(job.size, bytes.length);
  assert.equal(job.chunks, Math.ceil(bytes.length / 1000));
  assert.equal(job.requestId, "req-1");
  assert.equal(job.leaseOwner, null);
  const sizes = await db.sql<{ n: number }[]>`
    SELECT octet_length(data) AS n FROM import_job_chunks WHERE job_id = ${id} ORDER BY seq`;
  assert.ok(sizes.slice(0, -1).every((r) => r.n === 1000), "full chunks but the last");
  assert.deepEqual(await collect(jobBytes(db.sql, job)()), bytes);
});

Deno.test("receiveDump() past the size limit cancels the body and leaves nothing behind", async () => {
  await using db = await createImportsDatabase();
  let pulled = 0;
  let closed = false;
  async function* endless() {
    try {
      for (;;) {
        pulled++;
        yield new Uint8Array(700).fill(65);
        await Promise.resolve();
      }
    } finally {
      closed = true;
    }
  }
  await assert.rejects(
    receiveDump(db.sql, { ownerId: userId(), body: endless(), maxBytes: 5_000 }, SMALL),
    ImportTooLargeError,
  );
  assert.ok(closed, "the body was cancelled");
  assert.equal(pulled, 8, "no more read than the limit and one piece");
  assert.deepEqual({ ...(await jobRows(db)) }, { jobs: 0, chunks: 0 });
});

Deno.test("receiveDump() deletes its job when the body fails halfway (the client went away)", async () => {
  await using db = await createImportsDatabase();
  async function* broken() {
    yield new Uint8Array(2500);
    throw new Error("connection reset");
  }
  await assert.rejects(
    receiveDump(db.sql, { ownerId: userId(), body: broken() }, SMALL),
    /connection reset/,
  );
  assert.deepEqual({ ...(await jobRows(db)) }, { jobs: 0, chunks: 0 });
});

Deno.test("receiveDump() refuses a user's import past the pending cap, not another user's", async () => {
  await using db = await createImportsDatabase();
  const policy = { ...SMALL, maxPendingPerUser: 2 };
  const ana = userId();
  await queue(db, ana, "a", policy);
  await queue(db, ana, "b", policy);
  await assert.rejects(queue(db, ana, "c", policy), ImportQuotaError);
  await queue(db, userId(), "d", policy);
  // Concurrent uploads count each other (the count is serialised per owner).
  const bob = userId();
  const results = await Promise.allSettled([1, 2, 3, 4].map(() => queue(db, bob, "e", policy)));
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 2);
  // A finished job no longer counts.
  const job = (await claimNextJob(db.sql, { workerId: "w" }, policy))!;
  assert.equal(job.ownerId, ana);
  await finishJob(db.sql, { id: job.id, workerId: "w" }, {
    status: "done",
    groups: [],
    position: 1,
  });
  await queue(db, ana, "f", policy);
  assert.equal(
    (await db.sql`SELECT 1 FROM import_job_chunks WHERE job_id = ${job.id}`).length,
    0,
    "a done job's chunks are deleted",
  );
});

Deno.test("receiveDump(): a failed job that keeps its dump counts toward the cap until it is given up", async () => {
  await using db = await createImportsDatabase();
  const policy = { ...SMALL, maxPendingPerUser: 1 };
  const ana = userId();
  await queue(db, ana, "a", policy);
  const job = (await claimNextJob(db.sql, { workerId: "w" }, policy))!;
  await finishJob(db.sql, { id: job.id, workerId: "w" }, {
    status: "failed",
    problem: failedProblem(3),
  });
  // Kept 7 days for an operator to requeue: failing jobs must not let a user park dumps past it.
  await assert.rejects(queue(db, ana, "b", policy), ImportQuotaError);
  await db.sql`DELETE FROM import_job_chunks WHERE job_id = ${job.id}`;
  await queue(db, ana, "c", policy);
});

Deno.test("claimNextJob() serves owners in turn: one user's queue does not hold back another's", async () => {
  await using db = await createImportsDatabase();
  const policy = { ...SMALL, maxPendingPerUser: 5 };
  const [ana, bob] = [userId(), userId()];
  for (const text of ["a1", "a2", "a3"]) await queue(db, ana, text, policy);
  await queue(db, bob, "b1", policy);
  const order: string[] = [];
  for (let i = 0; i < 4; i++) {
    const job = (await claimNextJob(db.sql, { workerId: "w" }, policy))!;
    order.push(job.ownerId === ana ? "ana" : "bob");
    await finishJob(db.sql, { id: job.id, workerId: "w" }, {
      status: "done",
      groups: [],
      position: 1,
    });
  }
  // Bob's job, queued last, runs second: Ana was served last.
  assert.deepEqual(order, ["ana", "bob", "ana", "ana"]);
});

Deno.test("claimNextJob(): two workers never claim the same job", async () => {
  await using db = await createImportsDatabase();
  const ids = new Set<string>();
  for (let i = 0; i < 6; i++) ids.add((await queue(db, userId())).id);
  const claimed: string[] = [];
  await Promise.all(["w1", "w2"].map(async (workerId) => {
    for (;;) {
      const job = await claimNextJob(db.sql, { workerId }, SMALL);
      if (!job) return;
      assert.equal(job.leaseOwner, workerId);
      assert.equal(job.attempts, 1);
      claimed.push(job.id);
    }
  }));
  assert.deepEqual(claimed.toSorted(), [...ids].toSorted());
});

Deno.test("claimNextJob(): one running job per user, a bounded number overall", async () => {
  await using db = await createImportsDatabase();
  const policy = { ...SMALL, maxRunning: 2 };
  const [ana, bob, chen] = [userId(), userId(), userId()];
  const anaFirst = (await queue(db, ana)).id;
  const anaSecond = (await queue(db, ana)).id;
  const bobs = (await queue(db, bob)).id;
  const chens = (await queue(db, chen)).id;
  const first = await claimNextJob(db.sql, { workerId: "w1" }, policy);
  const second = await claimNextJob(db.sql, { workerId: "w2" }, policy);
  assert.deepEqual([first?.id, second?.id], [anaFirst, bobs], "Ana's second waits for her first");
  assert.equal(await claimNextJob(db.sql, { workerId: "w3" }, policy), null, "two run: the cap");
  await finishJob(db.sql, { id: anaFirst, workerId: "w1" }, {
    status: "done",
    groups: [],
    position: 1,
  });
  // Ana was just served: Chen, who was not, goes before her second (owners in turn).
  const third = await claimNextJob(db.sql, { workerId: "w1" }, policy);
  assert.equal(third?.id, chens);
  // A lease that expired frees its place; the job is resumed before any queued one.
  await db.sql`UPDATE import_jobs SET lease_until = now() - interval '1 second' WHERE id = ${bobs}`;
  const resumed = await claimNextJob(db.sql, { workerId: "w4" }, policy);
  assert.equal(resumed?.id, bobs);
  assert.equal(resumed?.attempts, 2);
  assert.equal(resumed?.leaseOwner, "w4");
  assert.equal(await claimNextJob(db.sql, { workerId: "w5" }, policy), null);
  // The old holder's lease is gone: it can neither finish nor give the job back.
  assert.equal(
    await releaseJob(db.sql, { id: bobs, workerId: "w2" }, { countAttempt: true }),
    false,
  );
  // Chen's done: Ana's second runs at last.
  await finishJob(db.sql, { id: chens, workerId: "w1" }, {
    status: "done",
    groups: [],
    position: 1,
  });
  assert.equal((await claimNextJob(db.sql, { workerId: "w6" }, policy))?.id, anaSecond);
});

Deno.test("claimNextJob() fails a job whose lease expired after its last attempt", async () => {
  await using db = await createImportsDatabase();
  const policy = { ...SMALL, maxAttempts: 2 };
  const { id } = await queue(db, userId());
  for (const workerId of ["w1", "w2"]) {
    assert.equal((await claimNextJob(db.sql, { workerId }, policy))?.id, id);
    await db.sql`UPDATE import_jobs SET lease_until = now() - interval '1 second' WHERE id = ${id}`;
  }
  assert.equal(await claimNextJob(db.sql, { workerId: "w3" }, policy), null);
  const job = (await readImportJob(db.sql, id))!;
  assert.equal(job.status, "failed");
  assert.equal(job.problem?.status, 500);
  assert.equal(job.problem?.code, "import.failed");
  assert.ok(job.chunks > 0);
  // Kept for an operator to requeue, until the retention ends.
  assert.equal((await sweepImportJobs(db.sql, policy)).expiredChunks, 0);
  await db.sql`UPDATE import_jobs SET finished_at = now() - interval '8 days' WHERE id = ${id}`;
  assert.equal((await sweepImportJobs(db.sql, policy)).expiredChunks, job.chunks);
});

Deno.test("sweepImportJobs() deletes uploads that stalled past their lease", async () => {
  await using db = await createImportsDatabase();
  const holder = "kopek-cli-1";
  const { id } = await receiveDump(db.sql, {
    ownerId: userId(),
    body: inPieces("abc"),
    hold: true,
    holder,
  }, SMALL);
  assert.equal((await readImportJob(db.sql, id))?.status, "receiving");
  assert.equal(
    await claimNextJob(db.sql, { workerId: "w" }, SMALL),
    null,
    "held: no worker takes it",
  );
  assert.equal((await sweepImportJobs(db.sql, SMALL)).abandoned, 0);
  await db.sql`UPDATE import_jobs SET lease_until = now() - interval '1 second' WHERE id = ${id}`;
  assert.equal((await sweepImportJobs(db.sql, SMALL)).abandoned, 1);
  assert.deepEqual({ ...(await jobRows(db)) }, { jobs: 0, chunks: 0 });
});

Deno.test("startHeldJob() runs a held job once its owner has no other running job", async () => {
  await using db = await createImportsDatabase();
  const owner = userId();
  const other = (await queue(db, owner)).id;
  assert.equal((await claimNextJob(db.sql, { workerId: "w" }, SMALL))?.id, other);
  const { id } = await receiveDump(db.sql, {
    ownerId: owner,
    body: inPieces("abc"),
    hold: true,
    holder: "cli",
  }, SMALL);
  assert.equal(await startHeldJob(db.sql, id, "cli", SMALL), null, "the owner's other job runs");
  await finishJob(db.sql, { id: other, workerId: "w" }, {
    status: "done",
    groups: [],
    position: 1,
  });
  const job = await startHeldJob(db.sql, id, "cli", SMALL);
  assert.equal(job?.status, "running");
  assert.equal(job?.leaseOwner, "cli");
  await assert.rejects(startHeldJob(db.sql, id, "cli", SMALL), /not held/);
});

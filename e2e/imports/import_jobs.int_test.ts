/**
 * Imports as background jobs, through the API of an all-in-one Kopek:
 * `POST /v1/imports` answers 202 with the job and `Location`, the job runs
 * on the process's import worker, `GET /v1/imports/{id}` shows it to its
 * owner only (queued, running with its progress, done with the new groups
 * and the position, refused with the 422 problem); the size limit and the
 * cap on pending imports answer at once and leave nothing behind; and
 * `kopek import` runs the same job path, as its task runs it, with its
 * progress on stderr.
 */
import assert from "node:assert/strict";
import type { Sql } from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import {
  awaitImport,
  busyGroup,
  importDump,
  KopekClient,
  spawnTask,
  startForTest,
} from "@kopek/testing";

const NO_LIMITS = { KOPEK_RATE_LIMITS: "off" };
const SQL = { "content-type": "application/sql" };

async function exportOf(base: string, token: string, groupId: string): Promise<string> {
  const res = await fetch(`${base}/v1/groups/${groupId}/export.sql`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  return await res.text();
}

/** A job some other worker runs (it holds the owner's one running place) for as long as needed. */
async function fakeRunningJob(
  sql: Sql,
  ownerId: string,
  progress: unknown,
): Promise<string> {
  const id = crypto.randomUUID();
  await sql`
    INSERT INTO import_jobs (id, owner_id, status, seed, lease_owner, lease_until, attempts, progress)
    VALUES (${id}, ${ownerId}, 'running', ${crypto.getRandomValues(new Uint8Array(32))},
            'elsewhere', now() + interval '1 hour', 1, ${sql.json(progress as never)})`;
  return id;
}

Deno.test("POST /v1/imports queues a job (202, Location); GET shows it to its owner to its end", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, NO_LIMITS);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: bob } = await api.register("bob@example.com", "Bob");
    const { client: zoe, userId: zoeId } = await api.register("zoe@example.com", "Zoe");
    const built = await busyGroup(ana, bob, 400);
    await ana.get(`/v1/groups/${built.groupId}`, { "kopek-min-position": String(built.position) });
    const dump = await exportOf(running.url, ana.token!, built.groupId);

    // While another of Zoe's imports runs, a new one waits in the queue, visibly.
    const other = await fakeRunningJob(db.sql, zoeId, {
      phase: "appending",
      done: 1200,
      total: 5000,
      unit: "events",
    });
    const queued = await zoe.request("POST", "/v1/imports", dump, SQL);
    assert.equal(queued.status, 202, JSON.stringify(queued.body));
    const id = queued.body.id as string;
    assert.deepEqual(queued.body, { id, status: "queued" });
    assert.equal(queued.headers.get("location"), `/v1/imports/${id}`);
    assert.equal((await zoe.get(`/v1/imports/${id}`)).body.status, "queued");
    const view = await zoe.get(`/v1/imports/${other}`);
    assert.equal(view.status, 200);
    assert.equal(view.headers.get("cache-control"), "no-store");
    assert.deepEqual(view.body, {
      id: other,
      status: "running",
      progress: { phase: "appending", done: 1200, total: 5000, unit: "events" },
    });

    // Only its owner sees it: anyone else, like a missing or malformed id, gets the same 404.
    const missing = await zoe.get(`/v1/imports/${crypto.randomUUID()}`);
    assert.equal(missing.status, 404);
    for (
      const [who, path] of [[ana, `/v1/imports/${id}`], [zoe, "/v1/imports/not-a-uuid"]] as const
    ) {
      const a = await who.get(path);
      assert.deepEqual([a.status, a.body.code, a.body.detail], [
        404,
        missing.body.code,
        missing.body.detail,
      ]);
    }
    assert.equal((await api.get(`/v1/imports/${id}`)).status, 401);

    // The other one ends: Zoe's job runs, its progress moving forward, then it is done.
    await db.sql`UPDATE import_jobs SET status = 'done', lease_owner = NULL, lease_until = NULL,
                   groups = '[]', position = 1 WHERE id = ${other}`;
    const progress: { phase: string; done: number; total: number; unit: string }[] = [];
    let job;
    for (const deadline = Date.now() + 180_000;;) {
      job = (await zoe.get(`/v1/imports/${id}`)).body;
      if (job.progress) progress.push(job.progress);
      if (["done", "refused", "failed"].includes(job.status)) break;
      assert.ok(Date.now() < deadline, `still ${job.status}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(job.status, "done", JSON.stringify(job));
    for (let i = 1; i < progress.length; i++) {
      const [a, b] = [progress[i - 1], progress[i]];
      assert.ok(
        b.phase !== a.phase ? a.phase === "checking" : b.done >= a.done,
        `progress went back: ${JSON.stringify([a, b])}`,
      );
    }
    for (const p of progress) {
      assert.ok(p.done <= p.total && p.unit === (p.phase === "checking" ? "bytes" : "events"));
    }
    const groups = job.groups as { id: string; name: string }[];
    assert.equal(groups.length, 1);
    assert.equal(groups[0].name, "Long trip 2026");
    assert.equal(typeof job.position, "number");
    assert.equal(job.problem, undefined);
    const group = await zoe.get(`/v1/groups/${groups[0].id}`, {
      "kopek-min-position": String(job.position),
    });
    assert.equal(group.status, 200);
    assert.equal(group.body.name, "Long trip 2026");
    const [{ n }] = await db.sql`SELECT count(*)::int AS n FROM import_job_chunks`;
    assert.equal(n, 0, "a done job's bytes are gone");

    // A dump that is none ends refused with its problem, and appends nothing.
    const [{ head }] = await db.sql`SELECT max(position)::int AS head FROM events`;
    const refused = await importDump(zoe, "-- not a dump\n");
    assert.equal(refused.status, "refused");
    const problem = refused.problem as Record<string, unknown>;
    assert.equal(problem.status, 422);
    assert.equal(problem.code, "dump.not_a_dump");
    assert.equal(typeof problem.detail, "string");
    assert.equal(refused.groups, undefined);
    const [after] = await db.sql`SELECT max(position)::int AS head FROM events`;
    assert.equal(after.head, head);
  } finally {
    await running.stop();
  }
});

Deno.test("POST /v1/imports: past the size limit 413, past the pending cap 429, nothing left behind", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, NO_LIMITS);
  try {
    const api = new KopekClient(running.url);
    const { client: ana, userId: anaId } = await api.register("ana@example.com", "Ana");
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${running.url}/v1/imports`, {
        method: "POST",
        headers: { authorization: `Bearer ${ana.token}`, ...SQL, ...headers },
        body,
      });
    // Declared too large: refused before a byte is read.
    const declared = await post(new Uint8Array(64 * 1024 * 1024 + 1));
    assert.equal(declared.status, 413);
    assert.equal((await declared.json()).code, "too_large");
    // Streamed without a length: refused once past the limit.
    let sent = 0;
    const streamed = await post(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > 80 * 1024 * 1024) return controller.close();
          sent += 1024 * 1024;
          controller.enqueue(new Uint8Array(1024 * 1024).fill(65));
        },
      }),
    ).catch((e) => e as Error);
    if (streamed instanceof Response) {
      assert.equal(streamed.status, 413);
      await streamed.body?.cancel();
    }
    const rows = async () =>
      (await db.sql`SELECT (SELECT count(*) FROM import_jobs)::int AS jobs,
                           (SELECT count(*) FROM import_job_chunks)::int AS chunks`)[0];
    assert.deepEqual({ ...(await rows()) }, { jobs: 0, chunks: 0 });

    // Three pending at most (one running elsewhere, two queued behind it).
    await fakeRunningJob(db.sql, anaId, null);
    for (let i = 0; i < 2; i++) assert.equal((await post("-- dump\n")).status, 202);
    const over = await post("-- dump\n");
    assert.equal(over.status, 429);
    assert.equal(over.headers.get("retry-after"), "10");
    assert.equal((await over.json()).code, "too_many_imports");
    assert.equal((await rows()).jobs, 3);
    // Another user is not held back by Ana's.
    const { client: bob } = await api.register("bob@example.com", "Bob");
    assert.equal((await bob.request("POST", "/v1/imports", "-- dump\n", SQL)).status, 202);
    // The wrong media type is refused at once.
    assert.equal((await post("x", { "content-type": "text/plain" })).status, 415);
  } finally {
    await running.stop();
  }
});

Deno.test("kopek import FILE --owner EMAIL, as its task runs it: progress on stderr, the group, exit 0; a refusal exits 1", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, NO_LIMITS);
  const dir = await Deno.makeTempDir({ prefix: "kopek-import-" });
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: bob } = await api.register("bob@example.com", "Bob");
    const { client: zoe } = await api.register("zoe@example.com", "Zoe");
    const built = await busyGroup(ana, bob, 150);
    await ana.get(`/v1/groups/${built.groupId}`, { "kopek-min-position": String(built.position) });
    const dump = await exportOf(running.url, ana.token!, built.groupId);
    const good = `${dir}/trip.sql`;
    const bad = `${dir}/tampered.sql`;
    await Deno.writeTextFile(good, dump);
    const at = dump.indexOf("ExpenseRecorded") + 3;
    await Deno.writeTextFile(bad, dump.slice(0, at) + "x" + dump.slice(at + 1));
    const env = { KOPEK_DATABASE_URL: db.url, KOPEK_DATA_DIR: dir, KOPEK_LOG_LEVEL: "info" };
    const run = async (...args: string[]) => {
      const out = await spawnTask("kopek", env, { extraArgs: ["import", ...args] }).output();
      return {
        code: out.code,
        stdout: new TextDecoder().decode(out.stdout),
        stderr: new TextDecoder().decode(out.stderr),
      };
    };

    const ok = await run(good, "--owner", "zoe@example.com");
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const [line, ...more] = ok.stdout.trim().split("\n");
    assert.deepEqual(more, [], ok.stdout);
    const match = /^imported group ([0-9a-f-]{36}) "Long trip 2026"$/.exec(line);
    assert.ok(match, line);
    // Not a terminal: plain progress lines, both phases, up to the end; no escapes.
    assert.match(ok.stderr, /^checking: {3}0% /m);
    assert.match(ok.stderr, /^checking: 100% /m);
    assert.match(ok.stderr, /^importing: 100% {2}([\d,]+) events of \1 events$/m);
    assert.ok(!ok.stderr.includes("\r") && !ok.stderr.includes("\x1b"), ok.stderr);
    const jobs = await db.sql`SELECT status, via FROM import_jobs`;
    assert.deepEqual(jobs.map((j) => [j.status, j.via]), [["done", "kopek-cli"]]);
    // The running server serves it to its new owner.
    const [{ head }] = await db.sql`SELECT max(position)::int AS head FROM events`;
    const group = await zoe.get(`/v1/groups/${match[1]}`, { "kopek-min-position": String(head) });
    assert.equal(group.status, 200);

    const refused = await run(bad, "--owner", "zoe@example.com");
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /^refused: the dump was altered: /m);
    assert.equal(refused.stdout, "");
    const [after] = await db.sql`SELECT max(position)::int AS head FROM events`;
    assert.equal(after.head, head, "a refused import appended nothing");

    const nobody = await run(good, "--owner", "nobody@example.com");
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /no account has the email nobody@example\.com/);
    const [{ n }] = await db.sql`SELECT count(*)::int AS n FROM import_job_chunks`;
    assert.equal(n, 0);
    // The API's own flow still works beside it.
    const viaApi = await importDump(zoe, dump);
    assert.equal(viaApi.status, "done");
    assert.equal((await awaitImport(zoe, viaApi.id as string)).body.status, "done");
  } finally {
    await running.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

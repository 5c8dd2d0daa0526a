/**
 * A skewed clock: a second command API an hour behind (libfaketime from
 * Debian's `faketime` package, preloaded) writes to the same groups as a
 * command API on the true time. Every stream's `metadata.at` must stay
 * monotonic (never earlier than the event before it), and the as-of list
 * must stay sane: an expense recorded on the true clock and amended on the
 * slow one is absent before it was recorded and amended now.
 *
 * @module
 */
import assert from "node:assert/strict";
import { connect } from "../../platform/db.ts";
import { createTestDatabase } from "../../platform/testing/database.ts";
import {
  assertBoundedAnswers,
  checkWrites,
  describeData,
  faultTest,
  prepareTarget,
  spawnKopek,
  startDistributed,
  waitStatus,
} from "./harness.ts";
import { soloExpense } from "@kopek/testing";
import { startWrites } from "../load/driver.ts";
import { describeSamples } from "./report.ts";

/** Where Debian's faketime package puts the library it preloads. */
const LIBFAKETIME = [
  "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
  "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
  "/usr/lib/faketime/libfaketime.so.1",
].find((p) => {
  try {
    return Deno.statSync(p).isFile;
  } catch {
    return false;
  }
});

/** The events of `stream` whose `metadata.at` is earlier than the event's before it. */
async function backwardSteps(databaseUrl: string, stream: string): Promise<number> {
  const sql = connect(databaseUrl, { max: 1 });
  try {
    const [{ n }] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT (metadata->>'at')::timestamptz
          < lag((metadata->>'at')::timestamptz) OVER (ORDER BY version) AS backwards
        FROM events WHERE stream = ${stream}) s
      WHERE backwards`;
    return n;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

faultTest("a command API an hour behind (faketime) writing the same groups", async (row) => {
  await using db = await createTestDatabase("kopek_faults");
  await using kopek = await startDistributed(db.url);
  await using slow = spawnKopek("serve:command-api", {
    KOPEK_DATABASE_URL: db.url,
    LD_PRELOAD: LIBFAKETIME!,
    FAKETIME: "-3600",
    FAKETIME_DONT_FAKE_MONOTONIC: "1",
  });
  await waitStatus(`${slow.base}/readyz`, 200, 120_000, slow);
  const onTime = await prepareTarget(kopek.command.base, kopek.query.base);
  const login = await fetch(`${slow.base}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: onTime.email,
      password: "correct horse battery staple",
    }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const slowToken = (await login.json()).token as string;

  // Both instances write to one group at once.
  const fast = startWrites(onTime.base, onTime, { writers: 4 });
  const behind = startWrites(slow.base, { ...onTime, token: slowToken }, { writers: 4 });
  try {
    await Promise.all([
      fast.moreAcks(40, 60_000, "writes on the true clock"),
      behind.moreAcks(40, 60_000, "writes an hour behind"),
    ]);
  } finally {
    await Promise.all([fast.stop(30_000), behind.stop(30_000)]);
    row.clients = `on time: ${describeSamples(fast.samples)}; an hour behind: ${
      describeSamples(behind.samples)
    }`;
  }

  // Recorded on the true clock, amended an hour behind.
  const group = await onTime.client.post("/v1/groups", { name: "Skew", currency: "EUR" });
  assert.equal(group.status, 201);
  const g = group.body.id;
  const m = group.body.memberId;
  const body = (description: string, amount: string) =>
    soloExpense({ memberId: m, amount, description, date: "2026-11-20" });
  const recorded = await onTime.client.post(`/v1/groups/${g}/expenses`, body("original", "10.00"));
  assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
  const x = recorded.body.id;
  // Reads are the query API's.
  const read = await fetch(`${kopek.query.base}/v1/groups/${g}/expenses/${x}`, {
    headers: {
      authorization: `Bearer ${onTime.token}`,
      "kopek-min-position": String(recorded.body.position),
    },
  });
  await read.body?.cancel();
  assert.equal(read.status, 200);
  const etag = read.headers.get("etag");
  assert.ok(etag, "the expense has an ETag");
  const amended = await fetch(`${slow.base}/v1/groups/${g}/expenses/${x}`, {
    method: "PUT",
    headers: {
      authorization: `Bearer ${slowToken}`,
      "content-type": "application/json",
      "if-match": etag,
    },
    body: JSON.stringify(body("amended", "20.00")),
  });
  assert.equal(amended.status, 200, await amended.clone().text());

  const sql = connect(db.url, { max: 1 });
  let recordedAt: number;
  try {
    const [e] = await sql<{ at: string }[]>`
      SELECT metadata->>'at' AS at FROM events
      WHERE type = 'ExpenseRecorded' AND data->>'expenseId' = ${x}`;
    recordedAt = Date.parse(e.at);
  } finally {
    await sql.end({ timeout: 5 });
  }
  const asOf = async (instant: number) => {
    const res = await fetch(
      `${kopek.query.base}/v1/groups/${g}/expenses?asOf=${new Date(instant).toISOString()}`,
      { headers: { authorization: `Bearer ${onTime.token}` } },
    );
    const text = await res.text();
    assert.equal(res.status, 200, `as of ${new Date(instant).toISOString()}: ${text}`);
    return (JSON.parse(text).items as { id: string; description: string }[])
      .filter((i) => i.id === x).map((i) => i.description);
  };
  const before = await asOf(recordedAt - 1);
  const halfAnHourBefore = await asOf(recordedAt - 30 * 60_000);
  const now = await asOf(Date.now() + 1_000);

  const backwards = await backwardSteps(db.url, `group-${onTime.groupId}`) +
    await backwardSteps(db.url, `group-${g}`);
  const [a, b] = [await checkWrites(db.url, fast), await checkWrites(db.url, behind)];
  row.data = `${describeData({ ...a, acked: a.acked + b.acked })} (${b.acked} an hour behind); ` +
    `at went backwards ${backwards} times; as-of before/at/now: ` +
    `${JSON.stringify(halfAnHourBefore)}/${JSON.stringify(before)}/${JSON.stringify(now)}`;
  row.recovery = "n/a (no outage)";
  assert.equal(backwards, 0, `metadata.at went backwards ${backwards} times within a stream`);
  assert.deepEqual(halfAnHourBefore, [], "half an hour before it was recorded, X is absent");
  assert.deepEqual(before, [], "just before it was recorded, X is absent");
  assert.deepEqual(now, ["amended"], "now, X is amended");
  assert.deepEqual([a.lost, a.doubled, b.lost, b.doubled], [0, 0, 0, 0]);
  assertBoundedAnswers([...fast.samples, ...behind.samples]);
}, { ignore: !LIBFAKETIME && "no libfaketime (apt-get install faketime)" });

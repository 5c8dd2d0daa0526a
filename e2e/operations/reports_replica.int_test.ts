/**
 * Monthly reports served by a real streaming replica: a hot standby cloned
 * from the machine's PostgreSQL with `pg_basebackup -R`
 * (`platform/testing/streaming_replica.ts`) is Kopek's reporting
 * connection. Once caught up it answers what the primary answers; while its
 * replay is paused a client sees the replica's older position, and a client
 * that asks for a newer one (`Kopek-Min-Position`) is answered by the primary.
 */
import assert from "node:assert/strict";
import { connect } from "@kopek/platform";
import {
  createTestDatabase,
  replicaBinariesPresent,
  startStreamingReplica,
} from "@kopek/platform/testing";
import { type Answer, KopekClient, startForTest } from "@kopek/testing";

const binaries = await replicaBinariesPresent();
if (!binaries) {
  // deno-lint-ignore no-console
  console.warn(
    "reports_replica.int_test.ts: ignored: PostgreSQL 15 binaries (pg_basebackup, pg_ctl, " +
      "postgres) not found in /usr/lib/postgresql/15/bin (apt-get install postgresql-15)",
  );
}

function want(a: Answer, status: number, what: string) {
  assert.equal(a.status, status, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
}

const money = (amount: string) => ({ amount, currency: "EUR" });

/** Polls the report (no Kopek-Min-Position) until the replica reflects `position`. */
async function untilReplicaReaches(client: KopekClient, path: string, position: number) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const a = await client.get(path);
    // 503 (Retry-After): the primary's reports model had not applied the group yet either.
    if (a.status !== 503) want(a, 200, "report while catching up");
    if (
      a.status === 200 &&
      a.headers.get("Kopek-Served-By") === "replica" &&
      Number(a.headers.get("Kopek-Position")) >= position
    ) return a;
    if (Date.now() > deadline) {
      throw new Error(`the replica did not reach ${position}: ${[...a.headers].join(" ")}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test({
  name: "reports from a streaming replica match the primary once caught up; a lagging one falls " +
    "back to the primary for Kopek-Min-Position",
  ignore: !binaries,
  async fn() {
    await using db = await createTestDatabase("kopek_replica");
    await using replica = await startStreamingReplica();
    const running = await startForTest(db.url, {
      KOPEK_REPORTING_DATABASE_URL: replica.url(db.name),
      // A replica that fails says why ("reporting replica failed: primary").
      KOPEK_LOG_LEVEL: "warn",
    });
    const replicaDb = connect(replica.url(db.name), { max: 1 });
    try {
      const ana = (await new KopekClient(running.url).register("ana@example.com", "Ana")).client;
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
      want(group, 201, "group");
      const g = group.body.id as string;
      const A = group.body.memberId as string;
      const bob = await ana.post(`/v1/groups/${g}/members`, { name: "Bob", role: "member" });
      want(bob, 201, "member");
      const B = bob.body.id as string;
      const both = { mode: "equal", shares: [{ memberId: A }, { memberId: B }] };
      const record = async (body: Record<string, unknown>) => {
        const a = await ana.post(`/v1/groups/${g}/expenses`, { description: "x", ...body });
        want(a, 201, "expense");
        return a.body as { id: string; position: number };
      };
      await record({
        date: "2026-01-10",
        category: "food",
        total: money("30.00"),
        paidBy: [{ memberId: A, amount: "30.00" }],
        split: both,
      });
      const taxi = await record({
        date: "2026-01-20",
        category: "transport",
        total: money("10.00"),
        paidBy: [{ memberId: B, amount: "10.00" }],
        split: both,
      });
      await record({
        date: "2026-02-05",
        category: "rent",
        total: money("100.00"),
        paidBy: [{ memberId: A, amount: "100.00" }],
        split: {
          mode: "exact",
          shares: [{ memberId: A, amount: "60.00" }, { memberId: B, amount: "40.00" }],
        },
      });
      const voided = await record({
        date: "2026-03-01",
        category: "food",
        total: money("9.00"),
        paidBy: [{ memberId: A, amount: "9.00" }],
        split: both,
      });
      // The taxi becomes a February dinner: January loses it, February gains the new figures.
      want(
        await ana.put(`/v1/groups/${g}/expenses/${taxi.id}`, {
          description: "Dinner",
          date: "2026-02-14",
          category: "food",
          total: money("20.00"),
          paidBy: [{ memberId: B, amount: "20.00" }],
          split: both,
        }, { "If-Match": '"1"' }),
        200,
        "amend",
      );
      want(
        await ana.delete(`/v1/groups/${g}/expenses/${voided.id}`, { "If-Match": '"1"' }),
        200,
        "void",
      );
      // Settlements are not spending.
      const settled = await ana.post(`/v1/groups/${g}/settlements`, {
        from: B,
        to: A,
        amount: money("20.00"),
        date: "2026-02-15",
      });
      want(settled, 201, "settlement");

      const path = `/v1/groups/${g}/reports/monthly?from=2025-12&to=2026-03`;
      const expected = {
        currency: "EUR",
        months: [
          { month: "2025-12", total: money("0.00"), byCategory: {}, byMember: {} },
          {
            month: "2026-01",
            total: money("30.00"),
            byCategory: { food: money("30.00") },
            byMember: { [A]: money("15.00"), [B]: money("15.00") },
          },
          {
            month: "2026-02",
            total: money("120.00"),
            byCategory: { food: money("20.00"), rent: money("100.00") },
            byMember: { [A]: money("70.00"), [B]: money("50.00") },
          },
          { month: "2026-03", total: money("0.00"), byCategory: {}, byMember: {} },
        ],
        // Every key of byCategory, named (built-in ones without icon or colour).
        categories: {
          food: { name: "food", icon: null, colour: null },
          rent: { name: "rent", icon: null, colour: null },
        },
      };

      // The primary's read models first (a read without a position may not know the group yet).
      const primary = await ana.get(`/v1/groups/${g}`, {
        "Kopek-Min-Position": String(settled.body.position),
      });
      want(primary, 200, "the group on the primary");
      // 1. Caught up: the replica answers, with the figures the history gives.
      const caughtUp = await untilReplicaReaches(ana, path, settled.body.position);
      assert.deepEqual(caughtUp.body, expected);
      // Asking for a position the replica has: still the replica.
      const asked = await ana.get(path, { "Kopek-Min-Position": String(settled.body.position) });
      want(asked, 200, "report at a reached position");
      assert.equal(asked.headers.get("Kopek-Served-By"), "replica");
      assert.deepEqual(asked.body, expected);

      // 2. The replica stops replaying; a new March expense reaches only the primary.
      await replica.pause();
      const march = await record({
        date: "2026-03-10",
        category: "food",
        total: money("50.00"),
        paidBy: [{ memberId: B, amount: "50.00" }],
        split: both,
      });
      const marchAfter = {
        month: "2026-03",
        total: money("50.00"),
        byCategory: { food: money("50.00") },
        byMember: { [A]: money("25.00"), [B]: money("25.00") },
      };
      // With Kopek-Min-Position: a short wait for the replica, then the primary answers.
      const started = Date.now();
      const fresh = await ana.get(path, { "Kopek-Min-Position": String(march.position) });
      want(fresh, 200, "report past the replica");
      assert.equal(fresh.headers.get("Kopek-Served-By"), "primary");
      assert.ok(Number(fresh.headers.get("Kopek-Position")) >= march.position);
      assert.ok(Date.now() - started >= 400, "it waited for the replica first");
      assert.deepEqual(fresh.body, {
        ...expected,
        months: [...expected.months.slice(0, 3), marchAfter],
      });

      // Without it (the primary has applied the March expense by now): the replica's older figures,
      // and its own position, not the primary's.
      const stale = await ana.get(path);
      want(stale, 200, "report from the lagging replica");
      assert.equal(stale.headers.get("Kopek-Served-By"), "replica");
      const stalePosition = Number(stale.headers.get("Kopek-Position"));
      assert.ok(stalePosition < march.position, `${stalePosition} < ${march.position}`);
      const [replicaCheckpoint] = await replicaDb<{ position: string }[]>`
        SELECT position::text FROM projector_checkpoints WHERE name = 'reports'`;
      assert.equal(stalePosition, Number(replicaCheckpoint.position), "the replica's checkpoint");
      assert.deepEqual(stale.body, expected);
      // /metrics says so (ADR 0036): the replica is behind, and one report fell back for it.
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      const lag = Number(/^kopek_reports_replica_lag_events (\d+)$/m.exec(metrics)?.[1]);
      assert.ok(lag >= 1, `replica lag ${lag}`);
      assert.match(metrics, /^kopek_reports_served_total\{by="primary",reason="lagging"\} 1$/m);
      assert.match(metrics, /^kopek_db_pool_max_connections\{pool="reporting"\} 5$/m);

      // 3. Replay resumes: the replica catches up and answers what the primary answered.
      await replica.resume();
      const resumed = await untilReplicaReaches(ana, path, march.position);
      assert.deepEqual(resumed.body, fresh.body);
      assert.equal(resumed.headers.get("ETag"), fresh.headers.get("ETag"));
    } finally {
      await replicaDb.end({ timeout: 2 });
      await running.stop();
    }
  },
});

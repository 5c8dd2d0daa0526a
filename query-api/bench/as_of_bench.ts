/**
 * Time travel and cold loads on long histories, against a real PostgreSQL
 * (ADR 0065): groups of 10,000 and 100,000 events
 * (`KOPEK_BENCH_ASOF_SIZES`, comma-separated), each
 *
 * - balances as of an instant near the start (10 %), the middle and the
 *   end of the history, as `GET …/balances?asOf=` folds them: from zero
 *   (no snapshots, the peer), the first read with snapshots (it writes
 *   one), then reads as of instants up to `SNAPSHOT_EVERY` events after it;
 * - the command side's cold load of the group (a repository with an empty
 *   cache), from zero and from a snapshot;
 * - the fold's cost per event, a snapshot's size and its decoding, and the
 *   size of its head (what as-of balances read since ADR 0065's "balances
 *   as of an instant without the entries").
 *
 * Each figure is the median and the range of `KOPEK_BENCH_RUNS` runs
 * (default 5), in ms. Runs on a
 * checkout without snapshots too (it then prints only the "from zero" rows):
 * that is how the "before" figures of docs/performance.md were taken.
 *
 * Run with `deno run -A query-api/bench/as_of_bench.ts` (a script rather
 * than `Deno.bench`, which ran these long measurements more than once).
 * Writing the groups first takes a minute or two.
 */
import * as domain from "@kopek/domain";
import { groupBalances } from "@kopek/domain";
import * as eventstore from "@kopek/eventstore";
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { createTestDatabase, dropStaleTestDatabases } from "@kopek/platform/testing";
import { writeLongGroup } from "@kopek/projector/testing";
import { foldUntil } from "../routes/balances.ts";
import { createGroupRepository } from "../../command-api/group_repository.ts";

const SIZES = (Deno.env.get("KOPEK_BENCH_ASOF_SIZES") ?? "10000,100000").split(",").map(Number);
const RUNS = Number(Deno.env.get("KOPEK_BENCH_RUNS") ?? "5");
const PREFIX = "kopek_asofb";
const START = Date.parse("2026-01-01T00:00:00Z");

// deno-lint-ignore no-explicit-any
const snapshotApi = eventstore as any;
const withSnapshots = typeof snapshotApi.createPostgresSnapshotStore === "function";

await dropStaleTestDatabases(PREFIX);
const db = await createTestDatabase(PREFIX);
await migrate(db.sql);
const store = createPostgresEventStore(db.sql);
const snapshots = withSnapshots ? snapshotApi.createPostgresSnapshotStore(db.sql) : null;
const every: number = withSnapshots ? snapshotApi.SNAPSHOT_EVERY : 1000;

async function time(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function runs(f: (i: number) => Promise<unknown>): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push(await time(() => f(i)));
  ms.sort((a, b) => a - b);
  return `${ms[RUNS >> 1].toFixed(0)} ms (${ms[0].toFixed(0)}-${ms[RUNS - 1].toFixed(0)})`;
}

// deno-lint-ignore no-console
const say = (line: string) => console.log(line);

/** Instant of the event at `version` (1-based). */
const instantOf = (version: number) => START + 1000 * (version - 1);

async function balancesAsOf(groupId: string, version: number, snaps: unknown) {
  // A group's head since ADR 0065's "balances without the entries", its whole state before.
  const folded: unknown = await foldUntil(store, groupId, instantOf(version), snaps as null);
  const head = folded as { pairDebts?: unknown };
  const headBalances = (domain as unknown as { groupHeadBalances?: (h: unknown) => unknown })
    .groupHeadBalances;
  return head.pairDebts !== undefined && headBalances
    ? headBalances(folded)
    : groupBalances(folded as domain.GroupState);
}

async function measure(n: number, groupId: string) {
  const places = [["start", Math.round(n * 0.1)], ["middle", n / 2], ["end", n]] as const;
  for (const [name, version] of places) {
    say(
      `${n} events, as of the ${name} (event ${version}), from zero: ${await runs(() =>
        balancesAsOf(groupId, version, null)
      )}`,
    );
    if (!snapshots) continue;
    const first = await time(() => balancesAsOf(groupId, version, snapshots));
    // Later reads: the same instant and instants up to `every` events after it (capped at n).
    const later = await runs((i) =>
      balancesAsOf(groupId, Math.min(n, version + Math.round((i * every) / RUNS)), snapshots)
    );
    say(
      `${n} events, as of the ${name}, with snapshots: first read ${
        first.toFixed(0)
      } ms (writes one), then ${later}`,
    );
  }
  const repository = (snaps: unknown) =>
    createGroupRepository(
      store,
      {
        newId: crypto.randomUUID,
        snapshots: snaps as null,
      } as Parameters<typeof createGroupRepository>[1],
    );
  say(
    `${n} events, cold command load, from zero: ${await runs(() =>
      repository(null).current(groupId)
    )}`,
  );
  if (snapshots) {
    say(
      `${n} events, cold command load, with snapshots: ${await runs(() =>
        repository(snapshots).current(groupId)
      )}`,
    );
    const [largest] = await db.sql<{ state: string }[]>`
      SELECT state FROM snapshots WHERE stream = ${"group-" + groupId}
      ORDER BY version DESC LIMIT 1`;
    const decode = (domain as unknown as { decodeGroupState: (text: string) => unknown })
      .decodeGroupState;
    say(
      `${n} events: decoding the latest snapshot: ${await runs(() =>
        Promise.resolve(decode(largest.state))
      )}`,
    );
    const [row] = await db.sql<{ bytes: number; stored: number; n: number }[]>`
      SELECT max(octet_length(state))::int AS bytes, max(pg_column_size(state))::int AS stored,
             count(*)::int AS n
      FROM snapshots WHERE stream = ${"group-" + groupId}`;
    say(
      `${n} events: ${row.n} snapshots, the largest ${(row.bytes / 1e6).toFixed(1)} MB of text, ` +
        `${(row.stored / 1e6).toFixed(1)} MB stored (compressed)`,
    );
    const [head] = await db.sql<{ bytes: number | null; parts: number }[]>`
      SELECT octet_length(s.head)::int AS bytes,
             (SELECT count(*)::int FROM snapshot_parts p
              WHERE p.stream = s.stream AND p.version = s.version) AS parts
      FROM snapshots s WHERE s.stream = ${"group-" + groupId}
      ORDER BY s.version DESC LIMIT 1`.catch(() => [{ bytes: null, parts: 0 }]);
    if (head.bytes !== null) {
      say(`${n} events: the latest snapshot's head ${head.bytes} bytes, ${head.parts} entries`);
    }
  }
}

const groups: [number, string][] = [];
for (const [i, n] of SIZES.entries()) {
  const t = performance.now();
  groups.push([n, await writeLongGroup(store, n, 8 + i, START)]);
  say(`wrote ${n} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

for (const [n, groupId] of groups) await measure(n, groupId);
await db[Symbol.asyncDispose]();

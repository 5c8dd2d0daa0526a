/**
 * The import's forging fuzz through a running Kopek: every forgery of
 * `domain/testing/forgery.ts` (events changed, added, dropped, regrouped:
 * timestamps, amounts, currencies, lifecycles, roles, unknown types, schema
 * versions) and of `eventstore/dump/testing` (statements slipped in, the
 * preamble changed, bytes Kopek never writes), resealed with a valid hash
 * chain and checksum where the forger can, is posted to `POST /v1/imports`
 * by a hostile user while another user keeps writing to a group of their
 * own. Each job must end refused with the forgery's code and nothing
 * appended outside the writer's group, or done harmlessly (the new group's
 * read models answer, its balances sum to zero); after each, the other
 * user's last write is projected. The pure-level fuzz with many more mutants
 * is `imports/forgery_test.ts`; this one proves the job path, the worker and
 * the projector around it.
 */
import assert from "node:assert/strict";
import { parseAmount } from "@kopek/domain";
import { FORGERIES, richHistory } from "@kopek/domain/testing";
import { dumpOf, TEXT_FORGERIES } from "@kopek/eventstore/dump/testing";
import { createTestDatabase } from "@kopek/platform/testing";
import { awaitImport, KopekClient, startForTest } from "@kopek/testing";

/** Reads a group at a position, waiting out a loaded machine (503 while the projector is behind). */
async function readAt(client: KopekClient, path: string, position: number) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const a = await client.get(path, { "kopek-min-position": String(position) });
    if (a.status !== 503 || a.body?.code !== "position_not_reached") return a;
    assert.ok(Date.now() < deadline, `${path} never reached position ${position}`);
  }
}

Deno.test({
  name: "forged dumps posted by one user are refused or imported harmlessly, and another " +
    "user's writes keep being projected",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using db = await createTestDatabase("kopek_forge");
    const kopek = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
    // The writer's side: a group of its own, written to all along, from another task.
    let stop = false;
    let writing: Promise<void> = Promise.resolve();
    try {
      const api = new KopekClient(kopek.url);
      const { client: mallory } = await api.register("mallory@example.com", "Mallory");
      const { client: bob } = await api.register("bob@example.com", "Bob");
      const group = await bob.post("/v1/groups", { name: "Flat", currency: "EUR" });
      assert.equal(group.status, 201);
      const bobGroup = group.body.id as string;
      const bobStream = `group-${bobGroup}`;
      let bobPosition = group.body.position as number;
      let bobWrites = 0;
      writing = (async () => {
        while (!stop) {
          const a = await bob.post(`/v1/groups/${bobGroup}/expenses`, {
            description: `Groceries ${bobWrites}`,
            total: { amount: "12.30", currency: "EUR" },
            date: "2026-11-20",
            paidBy: [{ memberId: group.body.memberId, amount: "12.30" }],
            split: { mode: "equal", shares: [{ memberId: group.body.memberId }] },
          });
          assert.equal(a.status, 201, JSON.stringify(a.body));
          bobPosition = a.body.position as number;
          bobWrites++;
          await new Promise((r) => setTimeout(r, 20));
        }
      })();

      const outside = async () => {
        const [{ n }] = await db.sql<{ n: number }[]>`
          SELECT count(*)::int AS n FROM events WHERE stream <> ${bobStream}`;
        return n;
      };
      const tally = { refused: 0, harmless: 0 };
      const attempt = async (name: string, dump: string | Uint8Array) => {
        const before = await outside();
        const queued = await mallory.request("POST", "/v1/imports", dump, {
          "content-type": "application/sql",
        });
        assert.equal(queued.status, 202, `${name}: ${JSON.stringify(queued.body)}`);
        const job = (await awaitImport(mallory, queued.body.id)).body;
        // Whatever happened, the other user's writes keep being projected.
        const read = await readAt(bob, `/v1/groups/${bobGroup}`, bobPosition);
        assert.equal(read.status, 200, `${name}: Bob's group after the import: ${read.status}`);
        return { job, before };
      };

      // Event forgeries: each on the history with every kind of event, resealed by the forger.
      const events = richHistory().events;
      for (const forgery of FORGERIES) {
        const forged = forgery.forge(events, 3);
        if (forged === null) continue;
        const { job, before } = await attempt(forgery.name, await dumpOf(forged.events));
        if (job.status === "refused") {
          const problem = job.problem as { status: number; code: string; detail: string };
          assert.equal(problem.status, 422, forgery.name);
          assert.ok(
            [...forgery.refusedWith, "dump.malformed_row"].includes(problem.code as never),
            `${forgery.name}: refused with ${problem.code}: ${problem.detail}`,
          );
          if (problem.code !== "dump.empty") {
            assert.match(problem.detail, /position \d+|line \d+/, `${forgery.name}: where`);
          }
          assert.equal(await outside(), before, `${forgery.name}: refused, yet appended`);
          tally.refused++;
          continue;
        }
        assert.equal(job.status, "done", `${forgery.name}: ${JSON.stringify(job)}`);
        assert.ok(forgery.mayPass, `${forgery.name}: accepted`);
        const [imported] = job.groups as { id: string }[];
        const balances = await readAt(
          mallory,
          `/v1/groups/${imported.id}/balances`,
          job.position as number,
        );
        assert.equal(balances.status, 200, forgery.name);
        const members = balances.body.members as { balance: { amount: string } }[];
        const currency = balances.body.currency as string;
        const sum = members.reduce((s, m) => s + parseAmount(m.balance.amount, currency), 0n);
        assert.equal(sum, 0n, `${forgery.name}: balances sum to ${sum}`);
        tally.harmless++;
      }

      // Text forgeries: the reader refuses each as a whole, naming the line.
      const dump = await dumpOf(events);
      for (const forgery of TEXT_FORGERIES) {
        const { job, before } = await attempt(forgery.name, forgery.forge(dump, 3));
        assert.equal(job.status, "refused", `${forgery.name}: ${JSON.stringify(job)}`);
        const problem = job.problem as { code: string; detail: string };
        assert.equal(problem.code, `dump.${forgery.fault}`, `${forgery.name}: ${problem.detail}`);
        assert.equal(await outside(), before, `${forgery.name}: refused, yet appended`);
        tally.refused++;
      }

      // The untouched dump imports, as a control: the test can tell acceptance from refusal.
      const { job } = await attempt("the dump itself", dump);
      assert.equal(job.status, "done", JSON.stringify(job));
      stop = true;
      await writing;
      assert.ok(bobWrites > 0, "the other user wrote during the imports");
      assert.ok(tally.refused >= FORGERIES.length / 2, JSON.stringify(tally));
      // deno-lint-ignore no-console
      console.log(
        `forged imports through the API: ${tally.refused} refused, ${tally.harmless} imported ` +
          `harmlessly; the other user wrote ${bobWrites} expenses meanwhile, all projected`,
      );
    } finally {
      stop = true;
      await writing.catch(() => {});
      await kopek.stop();
    }
  },
});

/**
 * The other writers of group streams announce through the same notices (ADR 0075, addendum): a
 * command process that holds the group folded reads what the scheduler or an import appended
 * before it decides, instead of failing its append's version check.
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { createLogger } from "@kopek/platform";
import { groupStream, RecurrenceCreateInput, SCHEDULER_ACTOR_ID } from "@kopek/domain";
import type { EventStore } from "@kopek/eventstore";
import {
  appendGroup,
  createImportsDatabase,
  dumpOf,
  inPieces,
  quiet,
  userId,
} from "../imports/_testing.ts";
import { createDumpImportEngine } from "../imports/dump_engine.ts";
import { claimNextJob } from "../imports/lease.ts";
import { IMPORT_POLICY } from "../imports/policy.ts";
import { receiveDump } from "../imports/receive.ts";
import { runImportJob } from "../imports/runner.ts";
import { create, ctx, meta, rename } from "./_plans_testing.ts";
import { appends, setUp, startProcess } from "./_notices_testing.ts";
import { createOccurRunner } from "./occur_runner.ts";

Deno.test({
  name:
    "after the scheduler records an occurrence, a command process that holds the group appends its next command without a conflict",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { db, store, prefix } = await setUp();
    await using _db = db;
    await using p = await startProcess(store, prefix, { follow: true });
    // The scheduler's process: its own connection, announcing only (as scheduler/compose.ts).
    await using scheduler = await startProcess(store, prefix, { follow: false });
    const g = uuidv7();
    await p.groups.execute(g, ctx, meta(), create(g));
    const [member] = (await p.groups.current(g)).members.values();
    const recurrenceId = uuidv7();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const input = RecurrenceCreateInput.parse({
      rule: { freq: "daily" },
      start: yesterday,
      template: {
        description: "Rent",
        total: { amount: "10.00", currency: "EUR" },
        paidBy: [{ memberId: member.id, amount: "10.00" }],
        split: { mode: "equal", shares: [{ memberId: member.id }] },
      },
    });
    const created = await p.groups.execute(g, ctx, meta(), {
      build: () => ({
        type: "recurrence.create",
        recurrenceId,
        rule: input.rule,
        start: input.start,
        template: input.template,
        now: new Date().toISOString(),
      }),
      respond: (done) => done.version,
    });
    assert.equal(created.answer, 3);
    const runner = createOccurRunner({
      store,
      logger: createLogger({ level: "silent" }),
      now: () => new Date(),
      newId: uuidv7,
      onGroupAppended: scheduler.notices.announce,
    });
    const occurred = await runner.run(
      { type: "recurrence.occur", groupId: g, targetId: recurrenceId, body: { date: yesterday } },
      { userId: SCHEDULER_ACTOR_ID, via: "scheduler" },
      null,
    );
    assert.equal(occurred.created, true);
    const version = (await store.readStream(groupStream(g))).length;
    assert.ok(version > 3);
    await p.heard(g, version);
    assert.equal(
      (await p.groups.execute(g, ctx, meta(), rename("After"))).answer,
      `After@${version + 1}`,
    );
    assert.equal(await appends(p.registry, "version_conflict"), 0);
  },
});

/** `store`, which lets `between` run after its first append, before the second (mid-import). */
function pausedAfterFirstAppend(store: EventStore, between: (stream: string) => Promise<void>) {
  let appended = 0;
  return {
    ...store,
    async append(...args: Parameters<EventStore["append"]>) {
      const result = await store.append(...args);
      if (++appended === 1) await between(result.streams[0].stream);
      return result;
    },
  } as EventStore;
}

Deno.test({
  name:
    "after an import appends to a group a command process holds, the process appends its next command without a conflict",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createImportsDatabase();
    const prefix = `kopek-notices-${uuidv7()}:`;
    await using p = await startProcess(db.store, prefix, { follow: true });
    // The import worker's process: its own connection, announcing only (as imports/compose.ts).
    await using imports = await startProcess(db.store, prefix, { follow: false });
    const source = await appendGroup(db.store, { name: "Lisbon", expenses: 100 });
    const owner = userId();
    const policy = { ...IMPORT_POLICY, chunkBytes: 4096, batchEvents: 40, progressEveryMs: 0 };
    await receiveDump(
      db.sql,
      { ownerId: owner, body: inPieces(await dumpOf(db.store, [source]), 5000) },
      policy,
    );
    const job = (await claimNextJob(db.sql, { workerId: "w" }, policy))!;
    let g = "";
    const outcome = await runImportJob(job, {
      sql: db.sql,
      // The command process folds the new group after the import's first batch, as a command
      // on it would (the group is the importer's from its first event).
      store: pausedAfterFirstAppend(db.store, async (stream) => {
        g = stream.slice("group-".length);
        await p.groups.current(g);
      }),
      engine: createDumpImportEngine(),
      logger: quiet,
      workerId: "w",
      policy,
      onGroupAppended: imports.notices.announce,
    });
    assert.equal(outcome.status, "done");
    const version = (await db.store.readStream(groupStream(g))).length;
    assert.ok(version > 40, "appended in several batches");
    await p.heard(g, version);
    const owned = { actorUserId: owner };
    assert.equal(
      (await p.groups.execute(g, owned, meta(), rename("Porto"))).answer,
      `Porto@${version + 1}`,
    );
    assert.equal(await appends(p.registry, "version_conflict"), 0);
  },
});

/**
 * Exactly once (ADR 0051): two schedulers on one event store, a restart and
 * a clock that jumps forward (catch-up of several occurrences at once) and
 * back (nothing recorded again): each occurrence's expense exists once.
 */
import assert from "node:assert/strict";
import {
  foldGroup,
  type GroupEvent,
  initialGroupState,
  occurrenceExpenseId,
  parseGroupEvent,
} from "@kopek/domain";
import type { EventStore } from "@kopek/eventstore";
import { v7 as uuidv7 } from "uuid";
import { createLogger } from "@kopek/platform";
import { runnerKit } from "../command-api/commands/_testing.ts";
import { createOccurRunner } from "../command-api/occur_runner.ts";
import { createScheduler } from "./scheduler.ts";
import { eventLogDueSource } from "./due_source.ts";

async function events(store: EventStore, groupId: string): Promise<GroupEvent[]> {
  return (await store.readStream(`group-${groupId}`)).map((e) =>
    parseGroupEvent(e.type, e.schemaVersion, e.data)
  );
}

/** A worker of its own: its own runner (and group cache), its own view of what is due. */
function schedulerOn(store: EventStore, clock: () => Date) {
  const logger = createLogger({ level: "silent" });
  return createScheduler({
    runner: createOccurRunner({ store, logger, now: clock, newId: uuidv7 }),
    clock,
    source: eventLogDueSource(store),
    group: async (g) => foldGroup(initialGroupState(), await events(store, g)),
    perRecurrence: 3,
    perTick: 5,
  });
}

Deno.test("two schedulers, a restart and a clock jump record each occurrence exactly once", async () => {
  let now = new Date("2026-03-10T12:00:00Z");
  const clock = () => now;
  const kit = runnerKit({ now: clock });
  const owner = await kit.user("Ana");
  const { groupId, memberId } = await kit.group(owner);
  await kit.run(owner, {
    type: "group.update",
    groupId,
    body: { timeZone: "Europe/Berlin" },
  });
  const template = {
    description: "Rent",
    total: { amount: "10.00", currency: "EUR" },
    paidBy: [{ memberId, amount: "10.00" }],
    split: { mode: "equal", shares: [{ memberId }] },
  };
  const created = await kit.run(owner, {
    type: "recurrence.create",
    groupId,
    body: { rule: { freq: "daily" }, start: "2026-03-08", template },
  });
  const recurrenceId = String(created.body.id);
  const other = await kit.run(owner, {
    type: "recurrence.create",
    groupId,
    body: { rule: { freq: "weekly" }, start: "2026-03-09", template },
  });

  let a = schedulerOn(kit.store, clock);
  const b = schedulerOn(kit.store, clock);
  // Both at once: the 8th, 9th and 10th of the daily one, the 9th of the weekly one.
  await Promise.all([a.tick(), b.tick()]);
  await Promise.all([a.tick(), b.tick()]);

  // A restart, then the clock jumps 6 days on: catch-up, bounded per tick (3 per recurrence).
  a = schedulerOn(kit.store, clock);
  now = new Date("2026-03-16T09:00:00Z");
  for (let i = 0; i < 4; i++) await Promise.all([a.tick(), b.tick()]);
  // The clock jumps back: nothing is due again, nothing is recorded twice.
  now = new Date("2026-03-11T09:00:00Z");
  await Promise.all([a.tick(), b.tick()]);
  // A third worker, new, repeats a command another has run: the key answers it.
  const replay = await kit.runner.run(
    {
      type: "recurrence.occur",
      groupId,
      targetId: recurrenceId,
      body: { date: "2026-03-09" },
      commandId: occurrenceExpenseId(recurrenceId, "2026-03-09"),
    },
    { userId: "5c4ed01e-0000-4000-8000-00000000c10c", via: "scheduler" },
    null,
  );
  assert.equal(replay.replayed, true);

  const all = await events(kit.store, groupId);
  const occurred = all.flatMap((e) =>
    e.type === "RecurrenceOccurred" && e.data.recurrenceId === recurrenceId ? [e.data.date] : []
  );
  assert.deepEqual(occurred, [
    "2026-03-08",
    "2026-03-09",
    "2026-03-10",
    "2026-03-11",
    "2026-03-12",
    "2026-03-13",
    "2026-03-14",
    "2026-03-15",
    "2026-03-16",
  ]);
  const weekly = all.flatMap((e) =>
    e.type === "RecurrenceOccurred" && e.data.recurrenceId === other.body.id ? [e.data.date] : []
  );
  assert.deepEqual(weekly, ["2026-03-09", "2026-03-16"]);
  const expenses = all.flatMap((e) => e.type === "ExpenseRecorded" ? [e.data.expenseId] : []);
  assert.equal(new Set(expenses).size, expenses.length, "no expense recorded twice");
  assert.equal(expenses.length, occurred.length + weekly.length);
  for (const d of occurred) assert.ok(expenses.includes(occurrenceExpenseId(recurrenceId, d)));
});

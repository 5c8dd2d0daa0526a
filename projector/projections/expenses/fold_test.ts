import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createSimGroup, nextEvents, record, rng } from "../../testing/builder.ts";
import { envelopesOf } from "../../testing/envelopes.ts";
import { entriesState, foldEntries } from "./fold.ts";

Deno.test("foldEntries() keeps each entry's latest revision and voided flag", () => {
  const random = rng(3);
  const { group } = createSimGroup();
  for (let i = 0; i < 300; i++) record(group, nextEvents(group, random));
  const envelopes = envelopesOf(group.groupId, group.events);
  const state = foldEntries(entriesState(), envelopes);
  assertEquals(state.rows.size, group.state.entries.size);
  for (const [id, entry] of group.state.entries) {
    const row = state.rows.get(`${group.groupId}/${id}`)!;
    assertEquals([row.kind, row.revision, row.voided], [entry.kind, entry.revision, entry.voided]);
  }
});

Deno.test("foldEntries() keeps the created position across amends and ignores stale events", () => {
  const random = rng(5);
  const { group } = createSimGroup();
  for (let i = 0; i < 200; i++) record(group, nextEvents(group, random));
  const envelopes = envelopesOf(group.groupId, group.events);
  const state = foldEntries(entriesState(), envelopes);
  const replayed = foldEntries(
    entriesState([...state.rows.values()].map((r) => ({ ...r }))),
    envelopes,
  );
  assertEquals(replayed.dirty.size, 0);
  for (const env of envelopes) {
    if (env.event.type === "ExpenseRecorded") {
      const row = state.rows.get(`${group.groupId}/${env.event.data.expenseId}`)!;
      assertEquals(row.createdPosition, env.position);
    }
  }
});

import assert from "node:assert/strict";
import { type GroupEvent, occurrenceExpenseId } from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";
import { key2 } from "../../_sql.ts";
import { foldRecurrences, nextDue, recurrencesState } from "./fold.ts";

const G = "00000000-0000-4000-8000-000000000002";
const R = "00000000-0000-4000-8000-000000000900";
const M = "00000000-0000-4000-8000-000000000100";

function envelopes(events: GroupEvent[]): GroupEnvelope[] {
  return events.map((event, i) => ({
    groupId: G,
    id: crypto.randomUUID(),
    version: i + 10,
    position: i + 100,
    at: "2026-03-10T12:00:00Z",
    event,
  }));
}

const created: GroupEvent = {
  type: "RecurrenceCreated",
  data: {
    recurrenceId: R,
    rule: { freq: "monthly", interval: 1, lastDayOfMonth: false, until: null, count: null },
    start: "2026-01-31",
    template: {
      description: "Rent",
      total: { amount: "800.00", currency: "EUR" },
      category: "rent",
      paidBy: [{ memberId: M, amount: "800.00" }],
      split: { mode: "equal", shares: [{ memberId: M }] },
    },
  },
};

Deno.test("the fold keeps a recurrence's state, why it was paused, and the group's time zone", () => {
  const state = recurrencesState();
  foldRecurrences(
    state,
    envelopes([
      created,
      {
        type: "RecurrenceOccurred",
        data: {
          recurrenceId: R,
          date: "2026-01-31",
          expenseId: occurrenceExpenseId(R, "2026-01-31"),
        },
      },
      { type: "RecurrenceOccurrenceSkipped", data: { recurrenceId: R, date: "2026-02-28" } },
      { type: "GroupTimeZoneChanged", data: { timeZone: "Europe/Berlin" } },
      {
        type: "RecurrencePaused",
        data: { recurrenceId: R, reason: "a payer left", date: "2026-03-31" },
      },
    ]),
  );
  const row = state.recurrences.get(key2(G, R))!;
  assert.equal(row.position, 104);
  assert.equal(row.state.status, "paused");
  assert.equal(row.state.pausedReason, "a payer left");
  assert.equal(row.state.last, "2026-01-31");
  assert.deepEqual(row.state.skipped, ["2026-02-28"]);
  assert.equal(nextDue(R, row.state, "Europe/Berlin"), null);
  assert.equal(state.zones.get(G)?.timeZone, "Europe/Berlin");

  foldRecurrences(state, envelopes([created]).map((e) => ({ ...e, position: 50 })));
  assert.equal(state.recurrences.get(key2(G, R))!.position, 104, "a replay changes nothing");

  foldRecurrences(state, [{
    ...envelopes([{ type: "RecurrenceResumed", data: { recurrenceId: R, from: "2026-03-10" } }])[0],
    position: 200,
  }]);
  const resumed = state.recurrences.get(key2(G, R))!.state;
  assert.equal(resumed.pausedReason, null);
  // The 28 February was skipped; from the 10 March on, the next is the 31 March, due at its
  // midnight in Berlin.
  assert.equal(nextDue(R, resumed, "Europe/Berlin"), Date.parse("2026-03-30T22:00:00Z"));
});

Deno.test("an event of an unknown recurrence is an error (the group is quarantined)", () => {
  assert.throws(() =>
    foldRecurrences(
      recurrencesState(),
      envelopes([{ type: "RecurrenceStopped", data: { recurrenceId: R } }]),
    )
  );
});

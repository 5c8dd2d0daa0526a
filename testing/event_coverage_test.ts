/**
 * Every group event type has a handler everywhere one is needed (ADR 0049):
 * the types are enumerated from the domain's schema list
 * (`GroupEventSchemas`), one event of each is decided by the domain (the
 * rich import history, plus a settlement amended and a member unlinked), and
 * each goes through the group's evolve, the import (which recognises the
 * command behind each event and decides it again), the activity feed's text
 * and subject, and the fold of every projection. Each of those switches ends
 * in a `never` check that throws for a type without a case, so a type
 * missing anywhere fails here even when the compiler is not asked
 * (`--no-check`), and a type the history cannot produce fails the first test.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  addDays,
  evolveGroup,
  type GroupEvent,
  GroupEventSchemas,
  type GroupEventType,
  type GroupState,
  initialGroupState,
  localDate,
  parseGroupEvent,
  SCHEDULER_ACTOR_ID,
  type SettlementData,
} from "@kopek/domain";
import { type HistoryEvent, importHistory, richHistory, testIdFor } from "@kopek/domain/testing";
import type { GroupEnvelope } from "@kopek/projector";
import { describe } from "../query-api/activity/describe.ts";
import { subjectOf } from "../query-api/activity/subject.ts";
import { accessState, foldAccess } from "../projector/projections/access/fold.ts";
import { balancesState, foldBalances } from "../projector/projections/balances/fold.ts";
import { entriesState, foldEntries } from "../projector/projections/expenses/fold.ts";
import { foldGroups, groupsState } from "../projector/projections/groups/fold.ts";
import { foldInvites, inviteIdOf, invitesState } from "../projector/projections/invites/fold.ts";
import { foldReports, reportsState } from "../projector/projections/reports/fold.ts";
import { foldComments } from "../projector/projections/comments/fold.ts";
import { foldAttachments } from "../projector/projections/attachments/fold.ts";
import { foldCategories } from "../projector/projections/categories/fold.ts";
import { foldRecurrences, recurrencesState } from "../projector/projections/recurrences/fold.ts";

const TYPES = Object.keys(GroupEventSchemas) as GroupEventType[];

/** What an import recognises but does not carry over (in the schema list's order). */
const NOT_IMPORTED: readonly GroupEventType[] = [
  "MemberClaimed",
  "MemberUnlinked",
  "InviteCreated",
  "InviteAccepted",
  "InviteRevoked",
  // How to pay someone is theirs, not the importing group's (ADR 0052).
  "MemberPaymentHandlesSet",
  // A comment names its author, a placeholder in the target (see import/translate.ts).
  "CommentAdded",
  // Attachments: a dump has their metadata, not their bytes (ADR 0055, import/translate.ts).
  "AttachmentAdded",
  "AttachmentRemoved",
  // Recurrences stay behind; their occurrences are imported as plain expenses (ADR 0051).
  "RecurrenceCreated",
  "RecurrenceChanged",
  "RecurrencePaused",
  "RecurrenceResumed",
  "RecurrenceOccurrenceSkipped",
  "RecurrenceStopped",
  "RecurrenceOccurred",
];

/**
 * The rich history, with the events it lacks: a settlement amended, a comment, payment handles,
 * debt simplification turned off, custom categories (one used by an expense, then removed), a
 * member unlinked.
 */
function everyEvent(): HistoryEvent[] {
  const w = richHistory();
  const voided = new Set(
    w.events.filter((e) => e.type === "SettlementVoided")
      .map((e) => (e.data as { settlementId: string }).settlementId),
  );
  const live = w.events.filter((e) => e.type === "SettlementRecorded")
    .map((e) => e.data as SettlementData)
    .find((d) => !voided.has(d.settlementId));
  assert.ok(live, "the rich history has a settlement that is not voided");
  const members = [...w.state.members.values()];
  const owner = members.find((m) => m.role === "owner" && m.active);
  assert.ok(owner?.userId, "the rich history's group has an owner");
  w.run({
    type: "settlement.amend",
    settlementId: live.settlementId,
    input: {
      from: live.from,
      to: live.to,
      amount: { amount: "12.00", currency: "EUR" },
      date: live.date,
    },
    fx: null,
  }, owner.userId);
  const expense = [...w.state.entries].find(([, e]) => e.kind === "expense");
  assert.ok(expense, "the rich history has an expense");
  w.run({
    type: "comment.add",
    commentId: crypto.randomUUID(),
    expenseId: expense[0],
    text: "see the receipt",
  }, owner.userId);
  const open = [...w.state.entries].find(([, e]) => e.kind === "expense" && !e.voided);
  assert.ok(open, "the rich history has an expense that is not voided");
  const attachmentId = crypto.randomUUID();
  w.run({
    type: "attachment.add",
    attachment: {
      attachmentId,
      expenseId: open[0],
      name: "receipt.jpg",
      contentType: "image/jpeg",
      size: 1234,
      sha256: "0".repeat(64),
      width: 640,
      height: 480,
      key: `attachments/${attachmentId}`,
      thumbnail: null,
    },
  }, owner.userId);
  w.run({ type: "attachment.remove", attachmentId, expenseId: open[0] }, owner.userId);
  const [ski, old] = [crypto.randomUUID(), crypto.randomUUID()];
  const category = { name: "Ski", icon: "⛷️", colour: "#3366ff" };
  w.run({ type: "category.add", categoryId: ski, ...category }, owner.userId);
  w.run({ type: "category.update", categoryId: ski, colour: "#000000" }, owner.userId);
  w.run({ type: "category.add", categoryId: old, ...category, name: "Old" }, owner.userId);
  w.run({
    type: "expense.record",
    expenseId: crypto.randomUUID(),
    input: {
      description: "Passes",
      total: { amount: "40.00", currency: "EUR" },
      date: "2026-02-01",
      category: old,
      paidBy: [{ memberId: owner.id, amount: "40.00" }],
      split: { mode: "equal", shares: [{ memberId: owner.id }] },
    },
    fx: null,
  }, owner.userId);
  w.run({ type: "category.remove", categoryId: old }, owner.userId);
  const linked = members.find((m) => m.userId !== null && m.role !== "owner" && m.active);
  assert.ok(linked?.userId, "the rich history's group has a linked member besides the owner");
  w.run({
    type: "member.payment_handles.set",
    memberId: linked.id,
    handles: [{ kind: "paypal", username: "linked" }],
  }, linked.userId);
  w.run({ type: "group.update", simplifyDebts: false }, owner.userId);
  w.run({ type: "member.unlink", memberId: linked.id }, linked.userId);
  recurring(w, owner.userId, expense[0]);
  return w.events;
}

/** The group's time zone and a recurring expense through every event of its family. */
function recurring(w: ReturnType<typeof richHistory>, owner: string, expenseId: string) {
  const now = () => new Date(w.clock).toISOString();
  w.run({ type: "group.update", timeZone: "Europe/Berlin" }, owner);
  const today = localDate(w.clock, "Europe/Berlin");
  const recurrenceId = crypto.randomUUID();
  const entry = w.state.entries.get(expenseId);
  assert.ok(entry);
  const payer = [...w.state.members.values()].find((m) => m.active)!.id;
  const template = {
    description: "Rent",
    total: { amount: "10.00", currency: "EUR" },
    category: "rent" as const,
    paidBy: [{ memberId: payer, amount: "10.00" }],
    split: { mode: "equal" as const, shares: [{ memberId: payer }] },
  };
  const rule = {
    freq: "daily" as const,
    interval: 1,
    lastDayOfMonth: false,
    until: null,
    count: null,
  };
  const start = addDays(today, -2);
  w.run({ type: "recurrence.create", recurrenceId, rule, start, template, now: now() }, owner);
  const occur = (date: string) =>
    w.run(
      { type: "recurrence.occur", recurrenceId, date, now: now(), fx: null },
      SCHEDULER_ACTOR_ID,
    );
  occur(start);
  w.run({ type: "recurrence.skip", recurrenceId, date: addDays(start, 1) }, owner);
  w.run({
    type: "recurrence.update",
    recurrenceId,
    template: { ...template, description: "Rent (new)" },
    paused: true,
    now: now(),
  }, owner);
  w.run({ type: "recurrence.update", recurrenceId, paused: false, now: now() }, owner);
  occur(today);
  w.run({ type: "recurrence.stop", recurrenceId }, owner);
}

const HISTORY = everyEvent();
const EVENTS: GroupEvent[] = HISTORY.map((e) => parseGroupEvent(e.type, e.schemaVersion, e.data));
const ENVELOPES: GroupEnvelope[] = HISTORY.map((e, i) => ({
  groupId: e.stream.replace(/^group-/, ""),
  id: e.id,
  version: i + 1,
  position: i + 1,
  at: e.metadata.at,
  event: EVENTS[i],
}));
const NAMES = { member: (id: string) => `member ${id}`, entry: (id: string) => `entry ${id}` };

Deno.test("the history holds every event type of the domain's schema list", () => {
  const seen = new Set(EVENTS.map((e) => e.type));
  assert.deepEqual(TYPES.filter((t) => !seen.has(t)), [], "event types the history lacks");
});

Deno.test("every event type has a case in evolve, import, activity and every projection", async (t) => {
  // The state before each event, so that evolve sees each in its place.
  const before: GroupState[] = [];
  let state = initialGroupState();
  for (const e of EVENTS) {
    before.push(state);
    state = evolveGroup(state, structuredClone(e));
  }
  for (const type of TYPES) {
    const i = EVENTS.findIndex((e) => e.type === type);
    await t.step(type, () => {
      const event = EVENTS[i];
      const env = ENVELOPES[i];
      evolveGroup(structuredClone(before[i]), structuredClone(event));
      assert.notEqual(describe(event, "Ana", NAMES).text, "", "activity text");
      subjectOf(event, NAMES);
      inviteIdOf(env);
      foldAccess(accessState(), [env]);
      foldBalances(balancesState(), [env]);
      foldEntries(entriesState(), [env]);
      foldGroups(groupsState(), [env]);
      foldInvites(invitesState(), [env]);
      foldReports(reportsState(), [env]);
      foldComments([env]);
      foldAttachments([env]);
      foldCategories([env]);
      // A recurrence's later events need its creation before them.
      const created = ENVELOPES.filter((e) => e.event.type === "RecurrenceCreated");
      foldRecurrences(recurrencesState(), [
        ...created.filter((e) => e.position < env.position),
        env,
      ]);
    });
  }
  await t.step("the whole history through every projection, in order", () => {
    foldAccess(accessState(), ENVELOPES);
    foldBalances(balancesState(), ENVELOPES);
    foldEntries(entriesState(), ENVELOPES);
    foldGroups(groupsState(), ENVELOPES);
    foldInvites(invitesState(), ENVELOPES);
    foldReports(reportsState(), ENVELOPES);
    foldComments(ENVELOPES);
    foldAttachments(ENVELOPES);
    foldCategories(ENVELOPES);
    foldRecurrences(recurrencesState(), ENVELOPES);
  });
  await t.step("the import recognises every event type and decides each again", () => {
    // Throws (Unrecognised) for an event type without a case.
    const imported = importHistory(HISTORY, crypto.randomUUID(), testIdFor());
    const types = new Set(imported.events.map((e) => e.type));
    // By design an import carries no invites and no users: its members are placeholders.
    assert.deepEqual(TYPES.filter((t) => !types.has(t)), NOT_IMPORTED, "event types not imported");
  });
});

/**
 * What pass 1 refuses, and where: every forgery of `domain/testing/forgery.ts`
 * over generated histories, and the decider's own refusals named in the
 * answer (the code of the rule that refused).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { ImportRefusal } from "./refusal.ts";
import { SourceCheck } from "./source_check.ts";
import { TargetReplay } from "./target_replay.ts";
import { FUTURE_TOLERANCE_MS } from "./source_event.ts";
import { evolveGroup } from "../evolve.ts";
import type { GroupEvent } from "../events.ts";
import { type GroupState, initialGroupState } from "../state.ts";
import { uuid } from "../../testing/group_fixtures.ts";
import {
  arbHistory,
  type HistoryEvent,
  type HistoryWriter,
  IMPORT_NOW,
  importHistory,
  richHistory,
  testIdFor,
  USERS,
  withPositions,
  writeHistory,
} from "../../testing/import_histories.ts";
import { FORGERIES, type ForgeryOutcome, judgeForgery } from "../../testing/forgery.ts";

const IMPORTER = uuid(9999);

/** Runs both passes; answers what happened, as the fuzzers see it. */
function outcomeOf(events: readonly HistoryEvent[], nowMs = IMPORT_NOW): ForgeryOutcome {
  try {
    const imported = importHistory(events, IMPORTER, testIdFor(), nowMs);
    return {
      accepted: {
        states: [...imported.states.values()],
        events: imported.commands.flatMap((c) => c.events.map((e) => e.event)),
      },
    };
  } catch (e) {
    if (!(e instanceof ImportRefusal)) throw e;
    return { refused: { code: e.code, position: e.position, message: e.message } };
  }
}

function refusal(events: readonly HistoryEvent[], nowMs = IMPORT_NOW): ImportRefusal {
  const outcome = outcomeOf(events, nowMs);
  assert.ok("refused" in outcome, "accepted");
  try {
    importHistory(events, IMPORTER, testIdFor(), nowMs);
  } catch (e) {
    return e as ImportRefusal;
  }
  throw new Error("unreachable");
}

Deno.test("every forgery is refused with its code at its position, or accepted harmlessly", () => {
  const tally = new Map<string, { refused: number; harmless: number; tried: number }>();
  for (const f of FORGERIES) tally.set(f.name, { refused: 0, harmless: 0, tried: 0 });
  const tryAll = (events: readonly HistoryEvent[], pick: number) => {
    for (const forgery of FORGERIES) {
      const forged = forgery.forge(events, pick);
      if (forged === null) continue;
      const t = tally.get(forgery.name)!;
      t.tried++;
      t[judgeForgery(forgery, forged, outcomeOf(forged.events))]++;
    }
  };
  // A history with every kind of event, forged everywhere, then generated ones.
  const rich = richHistory().events;
  for (let pick = 0; pick < 12; pick++) tryAll(rich, pick);
  fc.assert(
    fc.property(arbHistory(30), fc.nat(), (h, pick) => {
      let next = 1000;
      const source = writeHistory(uuid(2), h, () => next++);
      tryAll(source.events, pick);
    }),
    { numRuns: 60 },
  );
  let refused = 0;
  let harmless = 0;
  for (const [name, t] of tally) {
    refused += t.refused;
    harmless += t.harmless;
    assert.ok(t.tried >= 10, `forgery "${name}" tried only ${t.tried} times`);
  }
  // deno-lint-ignore no-console
  console.log(
    `forged histories: ${refused} refused, ${harmless} accepted harmlessly (${FORGERIES.length} kinds)`,
  );
});

/** A group by USERS[0] with Ann (admin), Ben (member) and an expense Ben owes half of. */
function base(): { w: HistoryWriter; ids: () => number; members: string[] } {
  let next = 1000;
  const ids = () => next++;
  const w = writeHistory(uuid(2), { currency: "EUR", steps: [] }, ids);
  const members = [...w.state.members.keys()];
  w.run({
    type: "expense.record",
    expenseId: uuid(500),
    input: {
      description: "Dinner",
      total: { amount: "30.00", currency: "EUR" },
      date: "2026-01-01",
      category: "food",
      paidBy: [{ memberId: members[0], amount: "30.00" }],
      split: { mode: "equal", shares: [{ memberId: members[0] }, { memberId: members[2] }] },
    },
    fx: null,
  }, USERS[0]);
  return { w, ids, members };
}

/** Appends a forged event to a history, as one command of `actor` (no decider involved). */
function append(w: HistoryWriter, event: GroupEvent, actor: string, n: number) {
  w.events.push({
    stream: w.stream,
    id: uuid(70_000 + n),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: {
      actor,
      commandId: `forged-${n}`,
      at: new Date(w.clock).toISOString(),
      requestId: null,
    },
  });
  return w.events.length;
}

Deno.test("SourceCheck refuses what the decider refuses, naming its rule and the position", () => {
  const cases: [string, (w: HistoryWriter, m: string[]) => number, RegExp, string][] = [
    [
      "the currency changed after an expense",
      (w) => append(w, { type: "GroupCurrencyChanged", data: { currency: "USD" } }, USERS[0], 1),
      /currency can change only while/,
      "group.currency_locked",
    ],
    [
      "a member with a balance removed",
      (w, m) =>
        append(
          w,
          { type: "MemberDeactivated", data: { memberId: m[2], revision: 2 } },
          USERS[0],
          2,
        ),
      /balance is not zero/,
      "member.balance_not_zero",
    ],
    [
      "an expense voided twice",
      (w) => {
        w.run({ type: "expense.void", expenseId: uuid(500) }, USERS[0]);
        return append(
          w,
          { type: "ExpenseVoided", data: { expenseId: uuid(500), revision: 3 } },
          USERS[0],
          3,
        );
      },
      /already been voided/,
      "expense.voided",
    ],
    [
      "an admin granting admin",
      (w, m) =>
        append(
          w,
          { type: "MemberRoleChanged", data: { memberId: m[2], revision: 2, role: "admin" } },
          USERS[1],
          4,
        ),
      /cannot give the role admin/,
      "forbidden",
    ],
    [
      "the owner removed",
      (w, m) =>
        append(
          w,
          { type: "MemberDeactivated", data: { memberId: m[0], revision: 2 } },
          USERS[0],
          5,
        ),
      /owner cannot be removed/,
      "member.owner",
    ],
  ];
  for (const [what, forge, message, reason] of cases) {
    const { w, members } = base();
    const position = forge(w, members);
    const e = refusal(w.events);
    assert.equal(e.code, "dump.bad_history", what);
    assert.equal(e.position, position, what);
    assert.equal(e.stream, w.stream, what);
    assert.equal(e.reason, reason, `${what}: ${e.message}`);
    assert.match(e.message, message, what);
    assert.match(e.message, new RegExp(`^the event at position ${position} of group-`), what);
  }
});

Deno.test("SourceCheck: invites accepted only while alive, as the decider says (expired, revoked, dead)", () => {
  const scenario = (
    change: (w: HistoryWriter, inviteId: string) => void,
    reason: string,
  ) => {
    const { w, members } = base();
    const inviteId = uuid(600);
    w.run({
      type: "invite.create",
      inviteId,
      codeHash: "c".repeat(64),
      memberId: null,
      role: "member",
      expiresAt: new Date(w.clock + 24 * 3_600_000).toISOString(),
    }, USERS[1]);
    change(w, inviteId);
    // The forger writes the accept the decider would now refuse.
    const at = w.events.length + 1;
    for (
      const event of [
        {
          type: "MemberAdded",
          data: { memberId: uuid(601), name: "Zed", userId: USERS[7], role: "member" },
        },
        {
          type: "InviteAccepted",
          data: { inviteId, memberId: uuid(601), userId: USERS[7] },
        },
      ] as GroupEvent[]
    ) append(w, event, USERS[7], 900);
    const e = refusal(w.events);
    assert.equal(e.code, "dump.bad_history");
    assert.equal(e.reason, reason, e.message);
    assert.equal(e.position, at);
    return members;
  };
  scenario((w) => w.clock += 25 * 3_600_000, "invite.expired");
  scenario((w, inviteId) => w.run({ type: "invite.revoke", inviteId }, USERS[0]), "invite.revoked");
  // Its creator (Ann, an admin) removed: the invite dies with her right to invite.
  scenario((w) => {
    const ann = [...w.state.members.values()].find((m) => m.userId === USERS[1])!;
    w.run({ type: "member.remove", memberId: ann.id }, USERS[0]);
  }, "invite.dead");
});

Deno.test("SourceCheck: member totals past the ledger's limit are refused by the decider's limit", () => {
  const { w, members } = base();
  const most = "9999999999999.99";
  let refusedAt = 0;
  for (let k = 0; k < 101; k++) {
    const ok = w.try({
      type: "expense.record",
      expenseId: uuid(10_000 + k),
      input: {
        description: "Big",
        total: { amount: most, currency: "EUR" },
        date: "2026-01-02",
        category: "other",
        paidBy: [{ memberId: members[1], amount: most }],
        split: { mode: "equal", shares: [{ memberId: members[1] }] },
      },
      fx: null,
    }, USERS[0]);
    if (!ok) {
      refusedAt = k;
      break;
    }
  }
  assert.equal(refusedAt, 100, "the 101st largest expense is past the limit");
  // The forger writes it anyway, with every figure consistent.
  const last = w.events.at(-1)!;
  const position = append(
    w,
    {
      type: "ExpenseRecorded",
      data: { ...(last.data as { expenseId: string }), expenseId: uuid(20_000) },
    } as GroupEvent,
    USERS[0],
    7,
  );
  const e = refusal(w.events);
  assert.equal(e.reason, "ledger.total_too_large", e.message);
  assert.equal(e.position, position);
});

Deno.test("SourceCheck: an event's time must be an instant PostgreSQL and JavaScript read alike, not after the import", () => {
  const { w } = base();
  const at = (value: unknown) => {
    const events = structuredClone(w.events);
    (events[4].metadata as Record<string, unknown>).at = value;
    return events;
  };
  for (const value of ["2026", "0000-01-01T00:00:00.000Z", "+010000-01-01T00:00:00.000Z", 5]) {
    const e = refusal(at(value));
    assert.equal(e.code, "dump.bad_event", String(value));
    assert.equal(e.position, 5);
    assert.match(e.message, /time|metadata/);
  }
  const last = Date.parse(w.events.at(-1)!.metadata.at);
  assert.match(refusal(w.events, last - FUTURE_TOLERANCE_MS - 1).message, /in the future/);
  assert.doesNotThrow(() =>
    importHistory(w.events, IMPORTER, testIdFor(), last - FUTURE_TOLERANCE_MS)
  );
});

Deno.test("SourceCheck: a dump without a group, or with another stream, is refused as a whole", () => {
  assert.equal(refusal([]).code, "dump.empty");
  const { w } = base();
  const e = refusal([...w.events, { ...w.events[0], stream: "user-" + USERS[0] }]);
  assert.equal(e.code, "dump.not_a_group");
  assert.equal(e.position, w.events.length + 1);
});

Deno.test("SourceCheck keeps no events: a long history leaves only folded state", () => {
  // Pending events never exceed one command, whatever the run of one command id.
  const { w, members } = base();
  for (let k = 0; k < 500; k++) {
    w.run({
      type: "expense.record",
      expenseId: uuid(30_000 + k),
      input: {
        description: `E${k}`,
        total: { amount: "1.00", currency: "EUR" },
        date: "2026-01-02",
        category: "other",
        paidBy: [{ memberId: members[0], amount: "1.00" }],
        split: { mode: "equal", shares: [{ memberId: members[1] }] },
      },
      fx: null,
    }, USERS[0]);
  }
  // One command id for all (an import of old): still decided one command at a time.
  const one = w.events.map((e) => ({ ...e, metadata: { ...e.metadata, commandId: "all" } }));
  const check = new SourceCheck({ nowMs: IMPORT_NOW });
  let decided = 0;
  for (const e of withPositions(one)) decided += check.push(e).length;
  const { summary, commands } = check.finish();
  assert.equal(decided + commands.length, summary.commands);
  assert.ok(commands.length <= 1);
  assert.equal(summary.events, one.length);
});

Deno.test("TargetReplay refuses another dump than pass 1 checked", () => {
  const { w } = base();
  const { summary } = importHistory(w.events, IMPORTER, testIdFor());
  const replay = new TargetReplay({
    summary,
    importerUserId: IMPORTER,
    idFor: testIdFor(),
    nowMs: IMPORT_NOW,
  });
  for (const e of withPositions(w.events.slice(0, -1))) replay.push(e);
  assert.throws(
    () => replay.finish(),
    (e) => e instanceof ImportRefusal && e.code === "dump.changed",
  );
  const other = new TargetReplay({
    summary: { ...summary, groups: [] },
    importerUserId: IMPORTER,
    idFor: testIdFor(),
    nowMs: IMPORT_NOW,
  });
  assert.throws(
    () => withPositions(w.events).forEach((e) => other.push(e)),
    (e) => e instanceof ImportRefusal && e.code === "dump.changed",
  );
});

Deno.test("an import's new group folds to the decider's state: the importer owns it from its first event", () => {
  const { w } = base();
  const imported = importHistory(w.events, IMPORTER, testIdFor());
  let state: GroupState = initialGroupState();
  for (const c of imported.commands) {
    for (const { event } of c.events) state = evolveGroup(state, structuredClone(event));
    const owner = [...state.members.values()].find((m) => m.role === "owner");
    assert.equal(owner?.userId, IMPORTER);
  }
});

Deno.test("SourceCheck refuses more groups than it may hold at once", () => {
  const groups = [2, 3, 4].flatMap((n) => {
    let next = n * 100_000;
    return writeHistory(uuid(n), { currency: "EUR", steps: [] }, () => next++).events;
  });
  const check = new SourceCheck({ nowMs: IMPORT_NOW, maxGroups: 2 });
  const refused = withPositions(groups).findIndex((e) => {
    try {
      check.push(e);
      return false;
    } catch (err) {
      assert.ok(err instanceof ImportRefusal && err.code === "dump.too_many_groups", String(err));
      return true;
    }
  });
  assert.equal(groups[refused].stream, `group-${uuid(4)}`);
  assert.equal(groups[refused].type, "GroupCreated");
});

Deno.test("a history written with tracing on (traceparent in metadata) imports; a malformed one is refused", () => {
  const { w } = base();
  const traced = w.events.map((e) => ({
    ...e,
    metadata: {
      ...e.metadata,
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    },
  }));
  const check = new SourceCheck({ nowMs: IMPORT_NOW });
  for (const e of withPositions(traced)) check.push(e);
  assert.equal(check.finish().summary.events, traced.length);
  const long = w.events.map((e) => ({
    ...e,
    metadata: { ...e.metadata, traceparent: "00-not-a-trace-context" },
  }));
  const refusing = new SourceCheck({ nowMs: IMPORT_NOW });
  assert.throws(() => {
    for (const e of withPositions(long)) refusing.push(e);
    refusing.finish();
  });
});

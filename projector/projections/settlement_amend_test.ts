/**
 * The read models follow amended payments: the balances fold takes a
 * `SettlementAmended`'s previous effect away and adds the new one (also when
 * it folds in two batches from the stored effects), a void after an amend
 * takes the amended amount back, and the entries fold keeps the latest body
 * and revision (and the created position) of each payment.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { computeSettlement, formatAmount, groupBalances, type GroupEvent } from "@kopek/domain";
import { createSimGroup, nextEvents, record, rng, type SimGroup } from "../testing/builder.ts";
import { envelopesOf } from "../testing/envelopes.ts";
import { balancesState, foldBalances } from "./balances/fold.ts";
import { entriesState, foldEntries } from "./expenses/fold.ts";

function amendOrVoid(group: SimGroup, random: () => number): GroupEvent[] {
  const live = [...group.state.entries].filter(([, e]) => e.kind === "settlement" && !e.voided);
  if (live.length === 0) return nextEvents(group, random);
  const [settlementId, entry] = live[Math.floor(random() * live.length)];
  if (random() < 0.2) {
    return [{ type: "SettlementVoided", data: { settlementId, revision: entry.revision + 1 } }];
  }
  const members = [...group.state.members.values()].filter((m) => m.active).map((m) => m.id);
  const from = members[Math.floor(random() * members.length)];
  const others = members.filter((m) => m !== from);
  const to = others[Math.floor(random() * others.length)];
  const currency = group.state.currency;
  const amount = formatAmount(BigInt(1 + Math.floor(random() * 20_000)), currency);
  const data = computeSettlement(
    group.state,
    { from, to, amount: { amount, currency }, date: "2026-11-20", note: "amended" },
    null,
  );
  return [{
    type: "SettlementAmended",
    data: { settlementId, revision: entry.revision + 1, ...data },
  }];
}

function history(seed: number) {
  const random = rng(seed);
  const { group } = createSimGroup({ members: 4 });
  for (let i = 0; i < 300; i++) {
    record(group, random() < 0.3 ? amendOrVoid(group, random) : nextEvents(group, random));
  }
  const amends = group.events.filter((e) => e.type === "SettlementAmended").length;
  return { group, envelopes: envelopesOf(group.groupId, group.events), amends };
}

Deno.test("foldBalances() follows amended and voided payments, in one batch or two", () => {
  for (const seed of [1, 2, 3]) {
    const { group, envelopes, amends } = history(seed);
    assertEquals(amends > 20, true, `only ${amends} amends`);
    const expected = groupBalances(group.state);
    const whole = foldBalances(balancesState(), envelopes);
    const split = Math.floor(envelopes.length / 2);
    const first = foldBalances(balancesState(), envelopes.slice(0, split));
    const second = foldBalances(balancesState([...first.effects.values()]), envelopes.slice(split));
    for (const m of expected.members) {
      const k = `${group.groupId}/${m.memberId}`;
      const d = whole.deltas.get(k)!;
      assertEquals([d.paid, d.owed], [m.paid, m.owed]);
      const a = first.deltas.get(k) ?? { paid: 0n, owed: 0n };
      const b = second.deltas.get(k) ?? { paid: 0n, owed: 0n };
      assertEquals([a.paid + b.paid, a.owed + b.owed], [m.paid, m.owed]);
    }
  }
});

Deno.test("foldEntries() keeps an amended payment's latest body, revision and created position", () => {
  const { group, envelopes } = history(4);
  const state = foldEntries(entriesState(), envelopes);
  const latest = new Map<string, GroupEvent>();
  const created = new Map<string, number>();
  for (const env of envelopes) {
    const e = env.event;
    if (e.type === "SettlementRecorded") created.set(e.data.settlementId, env.position);
    if (e.type === "SettlementRecorded" || e.type === "SettlementAmended") {
      latest.set(e.data.settlementId, e);
    }
  }
  for (const [id, entry] of group.state.entries) {
    if (entry.kind !== "settlement") continue;
    const row = state.rows.get(`${group.groupId}/${id}`)!;
    assertEquals([row.revision, row.voided], [entry.revision, entry.voided]);
    assertEquals(row.data, latest.get(id)!.data);
    assertEquals(row.createdPosition, created.get(id));
    const d = latest.get(id)!.data as { from: string; to: string };
    assertEquals(row.memberIds, [...new Set([d.from, d.to])]);
  }
});

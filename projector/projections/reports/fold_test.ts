import { deepStrictEqual as assertEquals } from "node:assert/strict";
import fc from "fast-check";
import { type ExpenseData, type GroupEvent, parseAmount } from "@kopek/domain";
import { expectedReport, liveExpenses } from "../../testing/reports.ts";
import { createSimGroup, nextEvents, record, rng } from "../../testing/builder.ts";
import { envelopesOf } from "../../testing/envelopes.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import {
  decodeReportEffect,
  encodeReportEffect,
  foldReports,
  reportEffect,
  type ReportsState,
  reportsState,
} from "./fold.ts";
import { assembleReport, monthsBetween, type ReportCell } from "./queries.ts";

function history(seed: number, n: number, currency = "EUR") {
  const random = rng(seed);
  const { group } = createSimGroup({ members: 4, currency });
  for (let i = 0; i < n; i++) record(group, nextEvents(group, random));
  return { group, envelopes: envelopesOf(group.groupId, group.events) };
}

/** The cells a stored table would hold after adding up every batch's deltas. */
function cellsOf(...states: ReportsState[]): ReportCell[] {
  const sums = new Map<string, ReportCell>();
  for (const s of states) {
    for (const [k, d] of s.deltas) {
      const amount = (sums.get(k)?.amount ?? 0n) + d.amount;
      sums.set(k, { month: d.month, kind: d.kind, key: d.key, amount });
    }
  }
  return [...sums.values()];
}

function sorted(months: ReturnType<typeof assembleReport>) {
  return months.map((m) => ({
    month: m.month,
    total: m.total,
    byCategory: [...m.byCategory].filter(([, v]) => v !== 0n).sort(),
    byMember: [...m.byMember].filter(([, v]) => v !== 0n).sort(),
  }));
}

Deno.test("foldReports() equals the report summed from the live expenses", () => {
  for (const [seed, currency] of [[1, "EUR"], [2, "JPY"], [3, "BHD"], [4, "USD"]] as const) {
    const { group, envelopes } = history(seed, 300, currency);
    const state = foldReports(reportsState(), envelopes);
    assertEquals(state.currencies.get(group.groupId), currency);
    assertEquals(
      sorted(assembleReport(cellsOf(state), "2026-01", "2026-12")),
      sorted(expectedReport(group.events, currency, "2026-01", "2026-12")),
    );
  }
});

Deno.test("foldReports() ignores settlements: they are not spending", () => {
  const { envelopes } = history(5, 200);
  const settlements = envelopes.filter((e) =>
    e.event.type === "SettlementRecorded" || e.event.type === "SettlementVoided"
  );
  assertEquals(settlements.length > 0, true);
  const state = foldReports(reportsState(), settlements);
  assertEquals([state.deltas.size, state.effects.size], [0, 0]);
});

Deno.test("foldReports() ignores replayed events (revision guard)", () => {
  const { envelopes } = history(7, 200);
  const once = foldReports(reportsState(), envelopes);
  const twice = foldReports(reportsState(), [...envelopes, ...envelopes.slice(10)]);
  assertEquals(
    sorted(assembleReport(cellsOf(twice), "2026-01", "2026-12")),
    sorted(assembleReport(cellsOf(once), "2026-01", "2026-12")),
  );
});

Deno.test("encodeReportEffect() round-trips through decodeReportEffect()", () => {
  const { group } = history(9, 50);
  for (const d of liveExpenses(group.events)) {
    const effect = reportEffect(d);
    assertEquals(decodeReportEffect(encodeReportEffect(effect)), effect);
  }
});

Deno.test("monthsBetween() lists every month inclusive, across years, none when reversed", () => {
  assertEquals(monthsBetween("2025-11", "2026-02"), ["2025-11", "2025-12", "2026-01", "2026-02"]);
  assertEquals(monthsBetween("2026-03", "2026-03"), ["2026-03"]);
  assertEquals(monthsBetween("2026-04", "2026-03"), []);
});

/** Property tests: any history, cut into batches anywhere, continuing from stored effects. */
const arbHistory = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  n: fc.integer({ min: 1, max: 120 }),
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
  currency: fc.constantFrom("EUR", "JPY", "BHD", "USD"),
});

function foldInTwoBatches(envelopes: GroupEnvelope[], cut: number) {
  const at = Math.floor(envelopes.length * cut);
  const first = foldReports(reportsState(), envelopes.slice(0, at));
  // The second batch starts from the stored effects only, as the projection does.
  const second = foldReports(reportsState([...first.effects.values()]), envelopes.slice(at));
  return { first, second };
}

Deno.test("property: the months of a report sum to the sum of the live expenses", () => {
  fc.assert(
    fc.property(arbHistory, ({ seed, n, cut, currency }) => {
      const { group, envelopes } = history(seed, n, currency);
      const { first, second } = foldInTwoBatches(envelopes, cut);
      const months = assembleReport(cellsOf(first, second), "2026-01", "2026-12");
      const live = liveExpenses(group.events);
      const expected = live.reduce((a, d) => a + parseAmount(d.converted.amount, currency), 0n);
      const sum = (f: (m: (typeof months)[number]) => bigint) =>
        months.reduce((a, m) => a + f(m), 0n);
      const byValues = (map: Map<string, bigint>) => [...map.values()].reduce((a, v) => a + v, 0n);
      assertEquals(sum((m) => m.total), expected);
      assertEquals(sum((m) => byValues(m.byCategory)), expected);
      // Shares are the total allocated to the members: they add up to it too.
      assertEquals(sum((m) => byValues(m.byMember)), expected);
    }),
    { numRuns: 200 },
  );
});

Deno.test("property: an amend or a void moves the figures by exactly the difference", () => {
  fc.assert(
    fc.property(arbHistory, fc.boolean(), ({ seed, n, currency }, voidIt) => {
      const { group, envelopes } = history(seed, n, currency);
      const before = foldReports(reportsState(), envelopes);
      const live = liveExpenses(group.events);
      if (live.length === 0) return;
      const old = live[seed % live.length];
      const revision = before.effects.get(`${group.groupId}/${old.expenseId}`)!.revision + 1;
      // The amended expense: another month, another category, its shares halved and shifted.
      const amended: ExpenseData = {
        ...old,
        revision,
        date: old.date.startsWith("2026-12") ? "2026-01-15" : "2026-12-15",
        category: old.category === "food" ? "transport" : "food",
      };
      const event: GroupEvent = voidIt
        ? { type: "ExpenseVoided", data: { expenseId: old.expenseId, revision } }
        : { type: "ExpenseAmended", data: amended };
      const change = foldReports(
        reportsState([...before.effects.values()]),
        envelopesOf(group.groupId, [event], envelopes.length + 1),
      );
      // The batch's deltas are exactly the new effect minus the old one.
      const expected = foldReports(reportsState(), [
        ...envelopesOf(group.groupId, [{ type: "ExpenseRecorded", data: old }]),
      ]);
      const negated = [...expected.deltas.values()].map((d) => ({ ...d, amount: -d.amount }));
      const plus = voidIt ? [] : [
        ...foldReports(
          reportsState(),
          envelopesOf(group.groupId, [{
            type: "ExpenseRecorded",
            data: { ...amended, revision: 1 },
          }]),
        ).deltas.values(),
      ];
      const net = new Map<string, bigint>();
      for (const d of [...negated, ...plus]) {
        const k = `${d.month}/${d.kind}/${d.key}`;
        net.set(k, (net.get(k) ?? 0n) + d.amount);
      }
      const got = new Map(
        [...change.deltas.values()].map((d) => [`${d.month}/${d.kind}/${d.key}`, d.amount]),
      );
      const nonZero = (m: Map<string, bigint>) => [...m].filter(([, v]) => v !== 0n).sort();
      assertEquals(nonZero(got), nonZero(net));
      // And the whole report after it equals the report of the changed history.
      const after = assembleReport(cellsOf(before, change), "2026-01", "2026-12");
      assertEquals(
        sorted(after),
        sorted(expectedReport([...group.events, event], currency, "2026-01", "2026-12")),
      );
    }),
    { numRuns: 200 },
  );
});

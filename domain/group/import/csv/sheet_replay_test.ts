import assert from "node:assert/strict";
import fc from "fast-check";
import { formatAmount } from "../../../money/money.ts";
import { groupBalances } from "../../balances.ts";
import type { ResolvedFx } from "../../commands.ts";
import { expenseParts } from "./row_command.ts";
import { MAX_SHEET_ROWS, type SheetItem, SheetRefusal, type SheetRow } from "./sheet.ts";
import { SheetReplay } from "./sheet_replay.ts";

function refusal(f: () => unknown): SheetRefusal {
  try {
    f();
  } catch (e) {
    if (e instanceof SheetRefusal) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

const IMPORTER = "00000000-0000-4000-8000-0000000000ff";
let counter = 0;
const idFor = (kind: string, source: string) => {
  const ids = (idFor as unknown as { m: Map<string, string> }).m;
  const key = `${kind}/${source}`;
  let id = ids.get(key);
  if (!id) {
    ids.set(key, id = `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, "0")}`);
  }
  return id;
};
(idFor as unknown as { m: Map<string, string> }).m = new Map();

const figure = fc.bigInt({ min: -500_000n, max: 500_000n });

/** A row of n people whose figures sum to zero: an expense, or a payment between two. */
function rowOf(n: number) {
  return fc.oneof(
    fc.tuple(fc.array(figure, { minLength: n - 1, maxLength: n - 1 }), fc.option(figure))
      .map(([head, cost]) => ({
        payment: false,
        nets: [...head, -head.reduce((s, x) => s + x, 0n)],
        extra: cost === null ? null : (cost < 0n ? -cost : cost),
      })),
    fc.tuple(
      fc.integer({ min: 0, max: n - 1 }),
      fc.integer({ min: 1, max: n - 1 }),
      fc.bigInt({ min: 1n, max: 500_000n }),
    ).map(([from, step, amount]) => {
      const nets = Array.from({ length: n }, () => 0n);
      nets[from] = amount;
      nets[(from + step) % n] = -amount;
      return { payment: true, nets, extra: null };
    }),
  );
}

const sheet = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.array(rowOf(n), { maxLength: 25 }),
    fc.option(fc.integer({ min: 0, max: n - 1 })),
  )
);

function replayOf(people: string[], me: string | null, rateFor = (): ResolvedFx | null => null) {
  return new SheetReplay({
    people,
    me,
    currency: "EUR",
    groupName: "Trip",
    importerUserId: IMPORTER,
    idFor,
    rateFor,
  });
}

function balanceOf(replay: SheetReplay): bigint[] {
  const b = groupBalances(replay.state);
  return replay.members.map((m) => b.members.find((x) => x.memberId === m)?.balance ?? 0n);
}

function row(
  line: number,
  r: { payment: boolean; nets: bigint[]; extra: bigint | null },
  currency = "EUR",
): SheetItem {
  const positive = r.nets.filter((x) => x > 0n);
  const cost = r.extra === null || positive.length !== 1 ? null : positive[0] + r.extra;
  const data: SheetRow = {
    line,
    date: "2026-03-01",
    description: `Row ${line}, "quoted"`,
    category: r.payment ? "Payment" : "Groceries",
    payment: r.payment,
    currency,
    cost,
    nets: r.nets,
  };
  return { kind: "row", row: data };
}

Deno.test("every generated sheet imports to balances equal to its total row, row by row", () => {
  fc.assert(
    fc.property(sheet, ([n, rows, meAt]) => {
      const people = Array.from({ length: n }, (_, i) => `Pérson ${i}`);
      const replay = replayOf(people, meAt === null ? null : people[meAt]);
      replay.start();
      const sums = people.map(() => 0n);
      rows.forEach((r, k) => {
        const before = balanceOf(replay);
        replay.push(row(k + 2, r));
        const after = balanceOf(replay);
        // Every member's effect equals the row's figure, to the cent.
        assert.deepStrictEqual(after.map((a, i) => a - before[i]), r.nets);
        r.nets.forEach((x, i) => sums[i] += x);
      });
      replay.push({ kind: "blank" });
      replay.push({ kind: "total", total: { line: rows.length + 3, currency: "EUR", nets: sums } });
      assert.deepStrictEqual(balanceOf(replay), sums);
    }),
    { numRuns: 300 },
  );
});

Deno.test("an expense with one payer and a cost records the cost; shares and payers sum to the total", () => {
  fc.assert(
    fc.property(
      fc.array(figure, { minLength: 1, maxLength: 8 }),
      fc.option(fc.bigInt({ min: 0n, max: 10n ** 6n })),
      (head, extra) => {
        const nets = [...head, -head.reduce((s, x) => s + x, 0n)];
        const positive = nets.filter((x) => x > 0n);
        const cost = extra === null || positive.length !== 1 ? null : positive[0] + extra;
        const { total, paid, owed } = expenseParts(nets, cost);
        assert.deepStrictEqual(paid.reduce((s, [, x]) => s + x, 0n), total);
        assert.deepStrictEqual(owed.reduce((s, [, x]) => s + x, 0n), total);
        if (cost !== null) assert.deepStrictEqual(total, cost);
        const effect = nets.map(() => 0n);
        for (const [i, x] of paid) effect[i] += x;
        for (const [i, x] of owed) effect[i] -= x;
        assert.deepStrictEqual(effect, nets);
      },
    ),
  );
});

Deno.test("rows in another currency convert with the rate; their effects sum to zero", () => {
  fc.assert(
    fc.property(sheet, fc.integer({ min: 1, max: 300 }), ([n, rows], r) => {
      const people = Array.from({ length: n }, (_, i) => `P${i}`);
      const rate = formatAmount(BigInt(r), "EUR");
      const replay = replayOf(
        people,
        null,
        () => ({ kind: "rate", rate, date: "2026-03-01", source: "import" }),
      );
      replay.start();
      rows.forEach((x, k) => {
        const before = balanceOf(replay);
        try {
          replay.push(row(k + 2, x, "USD"));
        } catch (e) {
          // A tiny row at a tiny rate converts to zero: refused by the decider, naming its line.
          if (e instanceof SheetRefusal && e.code === "csv.bad_row" && e.line === k + 2) return;
          throw e;
        }
        const after = balanceOf(replay);
        assert.deepStrictEqual(after.reduce((s, a, i) => s + a - before[i], 0n), 0n);
      });
    }),
    { numRuns: 100 },
  );
});

Deno.test("a total that differs from the rows, a row that does not sum to zero, an unknown me", () => {
  const replay = replayOf(["Ana", "Bo"], "Ana");
  replay.start();
  replay.push(row(2, { payment: false, nets: [500n, -500n], extra: 100n }));
  const e = refusal(() =>
    replay.push({ kind: "total", total: { line: 4, currency: "EUR", nets: [400n, -400n] } })
  );
  assert.deepStrictEqual([e.code, e.line], ["csv.total_mismatch", 4]);
  const bad = refusal(() =>
    replay.push(row(5, { payment: false, nets: [500n, -400n], extra: null }))
  );
  assert.deepStrictEqual([bad.code, bad.line], ["csv.bad_row", 5]);
  const who = refusal(() => replayOf(["Ana", "Bo"], "Cy"));
  assert.deepStrictEqual(who.code, "csv.unknown_person");
  const usd = replayOf(["Ana", "Bo"], null);
  usd.start();
  const fx = refusal(
    () => usd.push(row(7, { payment: true, nets: [5n, -5n], extra: null }, "USD")),
  );
  assert.deepStrictEqual([fx.code, fx.line], ["csv.rate_missing", 7]);
});

Deno.test("an export of more than MAX_SHEET_ROWS rows is refused at the first row too many", () => {
  const replay = replayOf(["Ana", "Bo"], null);
  replay.start();
  const zero = (line: number) => row(line, { payment: false, nets: [0n, 0n], extra: null });
  for (let i = 0; i < MAX_SHEET_ROWS; i++) replay.push(zero(i + 2));
  const e = refusal(() => replay.push(zero(MAX_SHEET_ROWS + 2)));
  assert.deepStrictEqual([e.code, e.line], ["csv.too_large", MAX_SHEET_ROWS + 2]);
});

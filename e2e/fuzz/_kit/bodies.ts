/**
 * Valid bodies of every write route, and generated valid bodies at the extremes of
 * what the contract allows.
 *
 * @module
 */
import fc from "fast-check";
import { type Fixture, STALE } from "./fixture.ts";

// ---------------------------------------------------------------------------
// Valid bodies of every write route

export function expenseBodies(f: Pick<Fixture, "A" | "B" | "C">): Record<string, unknown>[] {
  const base = {
    description: "Fuzz dinner",
    total: { amount: "30.00", currency: "EUR" },
    date: "2026-11-20",
    category: "food",
    paidBy: [{ memberId: f.A, amount: "30.00" }],
    note: "fuzz",
  };
  return [
    { ...base, split: { mode: "equal", shares: [{ memberId: f.A }, { memberId: f.B }] } },
    {
      ...base,
      split: {
        mode: "exact",
        shares: [{ memberId: f.A, amount: "10.00" }, { memberId: f.C, amount: "20.00" }],
      },
    },
    {
      ...base,
      split: {
        mode: "percent",
        shares: [{ memberId: f.B, percent: "33.33" }, { memberId: f.C, percent: "66.67" }],
      },
    },
    {
      ...base,
      paidBy: [{ memberId: f.A, amount: "10.00" }, { memberId: f.B, amount: "20.00" }],
      split: {
        mode: "shares",
        shares: [{ memberId: f.A, weight: 1 }, { memberId: f.C, weight: 2 }],
      },
    },
    {
      ...base,
      total: { amount: "3000", currency: "JPY" },
      fx: { rate: "0.0062" },
      paidBy: [{ memberId: f.B, amount: "3000" }],
      split: { mode: "equal", shares: [{ memberId: f.A }, { memberId: f.B }] },
    },
    {
      ...base,
      split: {
        mode: "adjustment",
        shares: [{ memberId: f.A, adjustment: "5.00" }, { memberId: f.B, adjustment: "-2.50" }],
      },
    },
    {
      ...base,
      description: "Fuzz refund",
      total: { amount: "-30.00", currency: "EUR" },
      paidBy: [{ memberId: f.A, amount: "-30.00" }],
      split: { mode: "equal", shares: [{ memberId: f.A }, { memberId: f.B }, { memberId: f.C }] },
    },
    {
      ...base,
      // 20.00 + 5.00 of items, 10 % tax (2.50), 2.50 tip.
      items: [
        {
          description: "Pizza",
          amount: "20.00",
          split: { mode: "equal", shares: [{ memberId: f.A }, { memberId: f.B }] },
        },
        {
          description: "Beer",
          amount: "5.00",
          split: { mode: "equal", shares: [{ memberId: f.C }] },
        },
      ],
      charges: { tax: { percent: "10" }, tip: { amount: "2.50" } },
    },
  ];
}

export function settlementBody(f: Pick<Fixture, "A" | "C">): Record<string, unknown> {
  return {
    from: f.C,
    to: f.A,
    amount: { amount: "5.00", currency: "EUR" },
    date: "2026-11-21",
    note: "cash",
  };
}

// ---------------------------------------------------------------------------
// Generated valid bodies, at the extremes of what the contract allows

/** Currencies with 0, 2, 3 and 4 minor digits, and their exponents. */
const EXPONENT: Record<string, number> = { EUR: 2, USD: 2, JPY: 0, BHD: 3, CLF: 4 };
const MAX_MINOR = 10n ** 15n - 1n;

function formatMinor(minor: bigint, currency: string): string {
  const e = EXPONENT[currency];
  if (e === 0) return minor.toString();
  const digits = minor.toString().padStart(e + 1, "0");
  return `${digits.slice(0, -e)}.${digits.slice(-e)}`;
}

/** A signed amount: "-" and the magnitude's digits. */
function signed(minor: bigint, currency: string): string {
  return minor < 0n ? `-${formatMinor(-minor, currency)}` : formatMinor(minor, currency);
}

/** A split with its `exact` amounts negated (a refund's); other modes stay as they are. */
function negateSplit(split: { mode: string; shares: Record<string, unknown>[] }) {
  if (split.mode !== "exact") return split;
  return {
    mode: "exact",
    shares: split.shares.map((s) => ({
      ...s,
      amount: String(s.amount).startsWith("-") ? String(s.amount).slice(1) : `-${s.amount}`,
    })),
  };
}

/** `minor` in `n` parts that sum to it (the first takes the remainder). */
export function parts(minor: bigint, n: number): bigint[] {
  const q = minor / BigInt(n);
  return Array.from({ length: n }, (_, i) => i === 0 ? minor - q * BigInt(n - 1) : q);
}

const minorArb = fc.oneof(
  fc.constantFrom(1n, 2n, 3n, 100n, 3000n, 10n ** 14n, MAX_MINOR),
  fc.bigInt({ min: 1n, max: MAX_MINOR }),
);
const currencyArb = fc.constantFrom("EUR", "EUR", "EUR", "USD", "JPY", "BHD", "CLF");
const dateArb = fc.constantFrom(
  "2026-11-20",
  "2026-11-20",
  "0000-01-01",
  "0001-01-01",
  "1970-01-01",
  "2000-02-29",
  "9999-12-31",
);
const descriptionArb = fc.constantFrom(
  "Dinner",
  "x".repeat(200),
  "😀".repeat(100),
  "\u202Eevil\u202C",
  "'; DROP TABLE events; --",
  "<script>alert(1)</script>",
  "  padded  ",
  "Ünïcödé ✓ 名前 مرحبا",
);
const noteArb = fc.constantFrom(
  undefined,
  null,
  "",
  "x".repeat(2000),
  "line\nbreak\ttab",
  "\u200F",
);
const rateArb = fc.constantFrom(
  "0.0062",
  "1",
  "1.0842",
  "0.000000000001",
  "1000000000000",
  "999999999999999999",
  "123456.123456",
);
const convertedArb = fc.constantFrom("0.01", "1.00", "9999999999999.99", "1");

/** A client's fx for a foreign currency: a rate, a converted amount, or none (422: no service rate). */
const fxArb = fc.oneof(
  { weight: 3, arbitrary: rateArb.map((rate) => ({ rate })) },
  { weight: 2, arbitrary: convertedArb.map((convertedAmount) => ({ convertedAmount })) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

export function expenseArb(f: Fixture): fc.Arbitrary<Record<string, unknown>> {
  const members = [f.A, f.B, f.C];
  return fc.record({
    currency: currencyArb,
    minor: minorArb,
    fx: fxArb,
    payers: fc.integer({ min: 1, max: 3 }),
    mode: fc.constantFrom("equal", "exact", "percent", "shares", "adjustment"),
    adjustments: fc.array(fc.bigInt({ min: -MAX_MINOR, max: MAX_MINOR }), {
      minLength: 3,
      maxLength: 3,
    }),
    refund: fc.boolean(),
    itemized: fc.integer({ min: 0, max: 4 }),
    sharers: fc.integer({ min: 1, max: 3 }),
    weights: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 3, maxLength: 3 }),
    percents: fc.constantFrom(["100"], ["50", "50"], ["33.333334", "33.333333", "33.333333"], [
      "0",
      "100.000000",
    ]),
    date: dateArb,
    description: descriptionArb,
    note: noteArb,
    category: fc.constantFrom("food", "rent", "other"),
  }).map((x) => {
    const payers = parts(x.minor, x.payers);
    const sharers = x.mode === "percent" ? x.percents.length : x.sharers;
    const split = x.mode === "equal"
      ? { mode: "equal", shares: members.slice(0, sharers).map((memberId) => ({ memberId })) }
      : x.mode === "exact"
      ? {
        mode: "exact",
        shares: parts(x.minor, sharers).map((m, i) => ({
          memberId: members[i],
          amount: formatMinor(m, x.currency),
        })),
      }
      : x.mode === "percent"
      ? {
        mode: "percent",
        shares: x.percents.map((percent, i) => ({ memberId: members[i], percent })),
      }
      : x.mode === "adjustment"
      ? {
        mode: "adjustment",
        shares: members.slice(0, sharers).map((memberId, i) => ({
          memberId,
          adjustment: signed(x.adjustments[i] / BigInt(2 + i), x.currency),
        })),
      }
      : {
        mode: "shares",
        shares: members.slice(0, sharers).map((memberId, i) => ({
          memberId,
          weight: x.weights[i],
        })),
      };
    // A refund is the same expense negated (ADR 0050): every amount, and a client's converted one.
    const s = x.refund ? -1n : 1n;
    const body: Record<string, unknown> = {
      description: x.description,
      total: { amount: signed(s * x.minor, x.currency), currency: x.currency },
      date: x.date,
      category: x.category,
      paidBy: payers.map((m, i) => ({ memberId: members[i], amount: signed(s * m, x.currency) })),
      split: x.refund ? negateSplit(split) : split,
    };
    if (x.itemized > 0) {
      // Items over the same total: the split becomes the items' (one per sharer, the rest as tip).
      delete body.split;
      const n = Math.min(x.itemized, 3);
      const item = parts(x.minor, n + 1);
      body.items = item.slice(0, n).map((m, i) => ({
        description: `item ${i}`,
        amount: signed(s * (m === 0n ? 1n : m), x.currency),
        split: x.refund ? negateSplit(split) : split,
      }));
      body.charges = { tip: { amount: signed(s * item[n], x.currency) } };
    }
    if (x.note !== undefined) body.note = x.note;
    if (x.currency !== "EUR" && x.fx !== undefined) {
      body.fx = x.refund && "convertedAmount" in x.fx
        ? { convertedAmount: `-${x.fx.convertedAmount}` }
        : x.fx;
    }
    return body;
  });
}

export function settlementArb(f: Fixture): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    from: fc.constantFrom(f.C, f.B, f.A),
    to: fc.constantFrom(f.A, f.B),
    currency: currencyArb,
    minor: minorArb,
    fx: fxArb,
    date: dateArb,
    note: noteArb,
  }).map((x) => {
    const body: Record<string, unknown> = {
      from: x.from,
      to: x.to,
      amount: { amount: formatMinor(x.minor, x.currency), currency: x.currency },
      date: x.date,
    };
    if (x.note !== undefined) body.note = x.note;
    if (x.currency !== "EUR" && x.fx !== undefined) body.fx = x.fx;
    return body;
  });
}

export const nameArb = fc.constantFrom(
  "Eve",
  "x".repeat(120),
  "😀".repeat(60),
  " Ève ",
  "\u202Eevil",
);
export const groupCurrencyArb = fc.constantFrom("EUR", "JPY", "BHD", "CLF", "XXX", "XTS");

/** An invite: for a placeholder to claim (Chen, Dan) or for a new member, maybe with a lifetime. */
export function inviteArb(f: Fixture): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    role: fc.constantFrom("member", "viewer", "auditor", "admin"),
    memberId: fc.constantFrom(undefined, f.C, f.D),
    expiresInHours: fc.constantFrom(undefined, 1, 24, 720),
  }).map((x) => {
    const body: Record<string, unknown> = { role: x.role };
    if (x.memberId !== undefined) body.memberId = x.memberId;
    if (x.expiresInHours !== undefined) body.expiresInHours = x.expiresInHours;
    return body;
  });
}

/** A comment on an expense: text the API keeps (trimmed), at the bounds and beyond ASCII. */
export function commentArb(_f: Fixture): fc.Arbitrary<Record<string, unknown>> {
  return fc.constantFrom(
    "see the receipt",
    "x".repeat(1000),
    " line\nbreak ",
    "😀".repeat(500),
    "\u202Eevil",
  ).map((text) => ({ text }));
}

/** A custom category: names at the bounds and beyond ASCII, one-grapheme emoji, any colour. */
export function categoryArb(_f: Fixture): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    name: fc.oneof(
      fc.constantFrom("Ski", "x".repeat(40), " Café ", "🍕 pizza", "\u202Eevil"),
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) =>
        /^[a-zA-Z0-9 ]*[a-zA-Z0-9]$/.test(s)
      ),
    ),
    icon: fc.constantFrom("⛷️", "🍕", "🇫🇷", "1️⃣", "👨‍👩‍👧"),
    colour: fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, "0")}`),
  });
}

/** A change of a custom category: any non-empty subset of its fields. */
export function categoryPatchArb(f: Fixture): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(categoryArb(f), fc.subarray(["name", "icon", "colour"], { minLength: 1 })).map((
    [body, keys],
  ) => Object.fromEntries(keys.map((k) => [k, body[k]])));
}

/** Commands of a sync batch; the destructive ones carry a stale version so that they never succeed. */
export function syncCommandArb(f: Fixture): fc.Arbitrary<Record<string, unknown>> {
  const cmd = (type: string, groupId: string | null = f.g) => (body: Record<string, unknown>) => ({
    id: crypto.randomUUID(),
    type,
    groupId,
    body,
  });
  return fc.oneof(
    expenseArb(f).map(cmd("expense.record")),
    expenseArb(f).map((e) => cmd("expense.amend")({ expenseId: f.E, ...e })),
    fc.constant({ expenseId: f.E, ifMatch: STALE }).map(cmd("expense.void")),
    settlementArb(f).map(cmd("settlement.record")),
    settlementArb(f).map((s) => cmd("settlement.amend")({ settlementId: f.S, ...s })),
    fc.constant({ settlementId: f.S, ifMatch: STALE }).map(cmd("settlement.void")),
    fc.record({ name: nameArb, currency: groupCurrencyArb }).map(cmd("group.create", null)),
    nameArb.map((name) => cmd("group.update")({ name })),
    fc.record({ name: nameArb, role: fc.constantFrom("member", "viewer", "auditor") })
      .map(cmd("member.add")),
    nameArb.map((name) => cmd("member.update")({ memberId: f.D, name })),
    fc.constant({ memberId: f.D, ifMatch: STALE }).map(cmd("member.remove")),
    inviteArb(f).map(cmd("invite.create")),
    fc.constant({ inviteId: f.I }).map(cmd("invite.revoke")),
    commentArb(f).map((c) => cmd("comment.add")({ expenseId: f.E, ...c })),
  );
}

/** Telegram users: mostly the two that Ana links and unlinks, so that the bot gets her tokens. */
export const telegramUserIdArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(777, 778) },
  { weight: 1, arbitrary: fc.constantFrom(1, Number.MAX_SAFE_INTEGER) },
  { weight: 1, arbitrary: fc.integer({ min: 1 }) },
);

/** A member's payment handles (ADR 0052): valid ones of every kind, up to the bound of 5. */
export const paymentHandlesArb = fc.array(
  fc.oneof(
    fc.constantFrom(
      { kind: "iban", iban: "DE89 3704 0044 0532 0130 00", name: "Chen ‮Ç" },
      { kind: "iban", iban: "GB82WEST12345698765432", name: "Chen", bic: "NWBKGB2L" },
      { kind: "upi", vpa: "chen@okaxis" },
    ),
    fc.stringMatching(/^[A-Za-z0-9]{1,20}$/).map((username) => ({ kind: "paypal", username })),
    fc.stringMatching(/^[A-Za-z0-9._-]{3,32}$/).map((username) => ({ kind: "revolut", username })),
    fc.string({ minLength: 1, maxLength: 200 }).filter((t) =>
      t.trim() !== "" && !/\p{Cc}/u.test(t) && t.isWellFormed()
    ).map((text) => ({
      kind: "text",
      text,
    })),
  ),
  { maxLength: 5 },
).map((handles) => ({ handles }));
/** A recurring expense's body (ADR 0051): a rule at its bounds, a start near today, a template. */
export function recurrenceBody(f: Pick<Fixture, "A" | "B" | "C">): Record<string, unknown> {
  const { date: _date, ...template } = expenseBodies(f)[0];
  return { rule: { freq: "monthly" }, start: new Date().toISOString().slice(0, 10), template };
}

/** Generated recurring expense bodies and changes, at the extremes of what the contract allows. */
export function recurrenceArb(f: Fixture): fc.Arbitrary<Record<string, unknown>> {
  const base = recurrenceBody(f);
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const rule = fc.record({
    freq: fc.constantFrom("daily", "weekly", "monthly", "yearly"),
    interval: fc.integer({ min: 1, max: 100 }),
    count: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
  });
  return fc.record({
    rule,
    start: fc.integer({ min: -365, max: 1800 }).map(day),
  }).map((r) => ({ ...base, ...r }));
}

/** A date to skip: near today, an occurrence or not. */
export function skipArb(_f: Fixture): fc.Arbitrary<Record<string, unknown>> {
  return fc.integer({ min: -40, max: 400 }).map((offset) => ({
    date: new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10),
  }));
}

/**
 * The steps of a generated group history (fast-check arbitraries), interpreted against the
 * state when they run by `writeHistory` (`import_histories.ts`).
 *
 * @module
 */
import fc from "fast-check";
import type { ExpenseInput } from "../group/commands.ts";
import type { Role } from "../shared/schemas.ts";
import { arbExpense } from "./ledger_arbitraries.ts";

/** A step of a generated history, interpreted against the state when it runs. */
export type HistoryStep =
  | { kind: "add"; name: number; role: Role; bind: number | null; by: number }
  | { kind: "invite"; placeholder: number | null; role: Role; hours: number; by: number }
  | { kind: "accept"; invite: number; user: number; hours: number }
  | { kind: "revoke"; invite: number; by: number }
  | { kind: "rename"; member: number; name: number; by: number }
  | { kind: "role"; member: number; role: Role; by: number }
  | { kind: "handover"; member: number }
  | { kind: "remove"; member: number; by: number }
  | { kind: "group"; name: number | null; currency: string | null; by: number }
  | {
    kind: "expense";
    input: ExpenseInput;
    rate: string;
    fx: "rate" | "client" | "converted";
    converted: bigint;
    by: number;
  }
  | {
    kind: "amend";
    pick: number;
    input: ExpenseInput;
    rate: string;
    fx: "rate" | "client" | "converted";
    converted: bigint;
    by: number;
  }
  | { kind: "void"; pick: number; by: number }
  | { kind: "settle"; from: number; to: number; minor: bigint; currency: string; by: number }
  | { kind: "unsettle"; pick: number; by: number }
  | {
    kind: "resettle";
    pick: number;
    from: number;
    to: number;
    minor: bigint;
    currency: string;
    by: number;
  };

/** Pseudo member ids that generated expenses name; mapped to the active members when run. */
/** The member slots a generated expense names, bound to members when it runs. */
export const SLOTS = ["slot-0", "slot-1", "slot-2", "slot-3"];
const GRANTABLE: Role[] = ["admin", "member", "auditor", "viewer"];
/** The names of generated members and renames. */
export const NAMES = ["Ana", "Bob", "Chen", "Dana", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo"];

const arbRole = fc.constantFrom<Role>(...GRANTABLE);
const arbFx = fc.constantFrom<"rate" | "client" | "converted">("rate", "client", "converted");

/** A generated step. */
export const arbStep: fc.Arbitrary<HistoryStep> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      name: fc.nat(9),
      role: arbRole,
      bind: fc.oneof(
        { weight: 2, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.nat(9) },
      ),
      by: fc.nat(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("invite" as const),
      placeholder: fc.oneof(fc.constant(null), fc.nat()),
      role: arbRole,
      hours: fc.integer({ min: 1, max: 720 }),
      by: fc.nat(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("accept" as const),
      invite: fc.nat(),
      user: fc.nat(9),
      hours: fc.oneof(
        { weight: 5, arbitrary: fc.integer({ min: 0, max: 30 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 800 }) },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("revoke" as const), invite: fc.nat(), by: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("rename" as const),
      member: fc.nat(),
      name: fc.nat(9),
      by: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("role" as const),
      member: fc.nat(),
      role: arbRole,
      by: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("handover" as const), member: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("remove" as const), member: fc.nat(), by: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("group" as const),
      name: fc.option(fc.nat(9)),
      currency: fc.option(fc.constantFrom("EUR", "USD", "JPY")),
      by: fc.nat(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("expense" as const),
      e: arbExpense(SLOTS),
      fx: arbFx,
      converted: fc.bigInt({ min: 1n, max: 10_000_000n }),
      by: fc.nat(),
    }).map(({ e, ...rest }) => ({ ...rest, input: e.input, rate: e.rate })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("amend" as const),
      pick: fc.nat(),
      e: arbExpense(SLOTS),
      fx: arbFx,
      converted: fc.bigInt({ min: 1n, max: 10_000_000n }),
      by: fc.nat(),
    }).map(({ e, ...rest }) => ({ ...rest, input: e.input, rate: e.rate })),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("void" as const), pick: fc.nat(), by: fc.nat() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("settle" as const),
      from: fc.nat(),
      to: fc.nat(),
      minor: fc.bigInt({ min: 1n, max: 1_000_000n }),
      currency: fc.constantFrom("EUR", "EUR", "USD", "JPY"),
      by: fc.nat(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("unsettle" as const), pick: fc.nat(), by: fc.nat() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("resettle" as const),
      pick: fc.nat(),
      from: fc.nat(),
      to: fc.nat(),
      minor: fc.bigInt({ min: 1n, max: 1_000_000n }),
      currency: fc.constantFrom("EUR", "EUR", "USD", "JPY"),
      by: fc.nat(),
    }),
  },
);

/** `min` to `max` generated steps, and the minutes between consecutive commands. */
export const arbHistory = (max = 40, min = 1) =>
  fc.record({
    currency: fc.constantFrom("EUR", "EUR", "JPY", "USD"),
    steps: fc.array(fc.tuple(arbStep, fc.integer({ min: 1, max: 900 })), {
      minLength: min,
      maxLength: max,
    }),
  });

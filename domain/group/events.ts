/**
 * Events of the group stream (`group-<id>`): the group, its members, its
 * expenses and its settlements. Every event's data is validated by a zod
 * schema and carries a schema version; amounts are decimal strings so that
 * the history reads the same in any tool.
 *
 * Expense and settlement events freeze everything their effect depends on:
 * the original money, the rate, and the allocations in group currency that
 * the rounding rules gave at the time.
 *
 * @module
 */
import { z } from "zod";
import { CalendarDate, Category, CurrencyCode, Id, Role } from "../shared/schemas.ts";

const Money = z.strictObject({ amount: z.string(), currency: CurrencyCode });
const Allocation = z.array(z.strictObject({ memberId: Id, amount: z.string() }));
const Fx = z.strictObject({
  rate: z.string(),
  date: CalendarDate,
  source: z.string(),
}).nullable();

/** How shares were asked for; kept as the client gave them. */
export const SplitData = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("equal"), shares: z.array(z.strictObject({ memberId: Id })) }),
  z.strictObject({
    mode: z.literal("exact"),
    shares: z.array(z.strictObject({ memberId: Id, amount: z.string() })),
  }),
  z.strictObject({
    mode: z.literal("percent"),
    shares: z.array(z.strictObject({ memberId: Id, percent: z.string() })),
  }),
  z.strictObject({
    mode: z.literal("shares"),
    shares: z.array(z.strictObject({ memberId: Id, weight: z.number().int() })),
  }),
]);
/** How shares were asked for. */
export type SplitData = z.infer<typeof SplitData>;

const ExpenseBody = {
  expenseId: Id,
  revision: z.number().int().positive(),
  description: z.string(),
  category: Category,
  date: CalendarDate,
  note: z.string().nullable(),
  total: Money,
  fx: Fx,
  converted: Money,
  paidBy: z.array(z.strictObject({ memberId: Id, amount: z.string() })),
  split: SplitData,
  paid: Allocation,
  shares: Allocation,
};

const SettlementBody = {
  settlementId: Id,
  revision: z.number().int().positive(),
  from: Id,
  to: Id,
  amount: Money,
  fx: Fx,
  converted: Money,
  date: CalendarDate,
  note: z.string().nullable(),
};

/** Data schemas by event type, all at schema version 1. */
export const GroupEventSchemas = {
  GroupCreated: z.strictObject({ groupId: Id, name: z.string(), currency: CurrencyCode }),
  GroupRenamed: z.strictObject({ name: z.string() }),
  GroupCurrencyChanged: z.strictObject({ currency: CurrencyCode }),
  MemberAdded: z.strictObject({
    memberId: Id,
    name: z.string(),
    userId: Id.nullable(),
    role: Role,
  }),
  MemberRenamed: z.strictObject({ memberId: Id, revision: z.number().int(), name: z.string() }),
  MemberRoleChanged: z.strictObject({ memberId: Id, revision: z.number().int(), role: Role }),
  MemberDeactivated: z.strictObject({ memberId: Id, revision: z.number().int() }),
  /** A user claimed a placeholder member (through an invite): the member keeps its history. */
  MemberClaimed: z.strictObject({ memberId: Id, revision: z.number().int(), userId: Id }),
  /**
   * An admin invited someone: to claim the placeholder `memberId`, or to join as a new member.
   * Only the SHA-256 of the code is kept; `expiresAt` is RFC 3339.
   */
  InviteCreated: z.strictObject({
    inviteId: Id,
    codeHash: z.string().regex(/^[0-9a-f]{64}$/),
    memberId: Id.nullable(),
    role: Role,
    expiresAt: z.string(),
  }),
  /** An invite was used (once) by `userId`, who is now the member `memberId`. */
  InviteAccepted: z.strictObject({ inviteId: Id, memberId: Id, userId: Id }),
  ExpenseRecorded: z.strictObject(ExpenseBody),
  ExpenseAmended: z.strictObject(ExpenseBody),
  ExpenseVoided: z.strictObject({ expenseId: Id, revision: z.number().int().positive() }),
  SettlementRecorded: z.strictObject(SettlementBody),
  SettlementVoided: z.strictObject({ settlementId: Id, revision: z.number().int().positive() }),
} as const;

type Schemas = typeof GroupEventSchemas;
/** The type names of group events. */
export type GroupEventType = keyof Schemas;
/** A group event: its type and its data. */
export type GroupEvent = {
  [K in GroupEventType]: { type: K; data: z.infer<Schemas[K]> };
}[GroupEventType];
/** The event of one type. */
export type GroupEventOf<K extends GroupEventType> = Extract<GroupEvent, { type: K }>;
/** The data of an expense recorded or amended. */
export type ExpenseData = GroupEventOf<"ExpenseRecorded">["data"];
/** The data of a settlement recorded. */
export type SettlementData = GroupEventOf<"SettlementRecorded">["data"];

/** Schema version of every group event written today. */
export const GROUP_EVENT_SCHEMA_VERSION = 1;

/** Whether a type name is a group event type. */
export function isGroupEventType(type: string): type is GroupEventType {
  return Object.hasOwn(GroupEventSchemas, type);
}

/**
 * Parses a stored event into a typed group event, upcasting older schema
 * versions (there are none yet) and validating the data.
 */
export function parseGroupEvent(type: string, schemaVersion: number, data: unknown): GroupEvent {
  if (!isGroupEventType(type)) throw new Error(`unknown group event type ${type}`);
  if (schemaVersion !== GROUP_EVENT_SCHEMA_VERSION) {
    throw new Error(`no upcaster for ${type} schema version ${schemaVersion}`);
  }
  return { type, data: GroupEventSchemas[type].parse(data) } as GroupEvent;
}

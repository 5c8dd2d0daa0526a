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
import { CalendarDate, CategoryKey, CurrencyCode, Id, Role } from "../shared/schemas.ts";
import { PaymentHandles } from "../payments/handles.ts";
import { RuleData } from "../recurrence/rule.ts";
import { TemplateInput } from "./commands.ts";

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
  z.strictObject({
    mode: z.literal("adjustment"),
    shares: z.array(z.strictObject({ memberId: Id, adjustment: z.string() })),
  }),
]);
/** How shares were asked for. */
export type SplitData = z.infer<typeof SplitData>;

/** One item of an itemized bill, as the client gave it. */
export const ItemData = z.strictObject({
  description: z.string(),
  amount: z.string(),
  split: SplitData,
});
const Charge = z.strictObject({ amount: z.string().optional(), percent: z.string().optional() });
/** Tax, tip and service of an itemized bill, as the client gave them. */
export const ChargesData = z.strictObject({
  tax: Charge.optional(),
  tip: Charge.optional(),
  service: Charge.optional(),
});

const ExpenseBody = {
  expenseId: Id,
  revision: z.number().int().positive(),
  description: z.string(),
  /** A built-in name, or (since custom categories) the id of a category of the group. */
  category: CategoryKey,
  date: CalendarDate,
  note: z.string().nullable(),
  total: Money,
  fx: Fx,
  converted: Money,
  paidBy: z.array(z.strictObject({ memberId: Id, amount: z.string() })),
  /** For an itemized expense: the exact per-person amounts its items and charges gave. */
  split: SplitData,
  paid: Allocation,
  shares: Allocation,
  /**
   * The items of an itemized bill and their charges, as given (schema version 2; null for a
   * plain expense and for version 1 events, which the upcaster gives null). Required at version
   * 2: a stored event without them is malformed (a dump's forgery test holds it to that).
   */
  items: z.array(ItemData).nullable(),
  charges: ChargesData.nullable(),
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

/** Data schemas by event type, at the schema version {@linkcode groupEventSchemaVersion} gives. */
export const GroupEventSchemas = {
  GroupCreated: z.strictObject({ groupId: Id, name: z.string(), currency: CurrencyCode }),
  GroupRenamed: z.strictObject({ name: z.string() }),
  GroupCurrencyChanged: z.strictObject({ currency: CurrencyCode }),
  /**
   * An owner or admin turned debt simplification on or off (ADR 0052): on (the default, also for
   * groups from before this event) the settle-up plan is the short one; off, it pays each pair's
   * net debt as incurred.
   */
  GroupDebtSimplificationChanged: z.strictObject({ simplify: z.boolean() }),
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
   * The member's user deleted their account: the member becomes a placeholder (userId null) and
   * keeps its name, history and balance, so that the others' ledger stays whole.
   */
  MemberUnlinked: z.strictObject({ memberId: Id, revision: z.number().int() }),
  /**
   * An admin invited someone: to claim the placeholder `memberId`, or to join as a new member.
   * Only the SHA-256 of the code is kept; `expiresAt` is RFC 3339. `createdBy` is the member
   * who created it (schema version 2; null for version 1 events, which did not record it): the
   * invite dies when that member is removed or can no longer grant its role.
   */
  InviteCreated: z.strictObject({
    inviteId: Id,
    codeHash: z.string().regex(/^[0-9a-f]{64}$/),
    memberId: Id.nullable(),
    role: Role,
    expiresAt: z.string(),
    createdBy: Id.nullable(),
  }),
  /** An invite was used (once) by `userId`, who is now the member `memberId`. */
  InviteAccepted: z.strictObject({ inviteId: Id, memberId: Id, userId: Id }),
  /** An owner or admin revoked an unused invite: its code no longer works. */
  InviteRevoked: z.strictObject({ inviteId: Id }),
  ExpenseRecorded: z.strictObject(ExpenseBody),
  ExpenseAmended: z.strictObject(ExpenseBody),
  ExpenseVoided: z.strictObject({ expenseId: Id, revision: z.number().int().positive() }),
  SettlementRecorded: z.strictObject(SettlementBody),
  /** A settlement changed (from, to, amount, date, note): the whole new body, as recorded. */
  SettlementAmended: z.strictObject(SettlementBody),
  SettlementVoided: z.strictObject({ settlementId: Id, revision: z.number().int().positive() }),
  /**
   * A member's payment handles (ADR 0052), replacing the previous ones (empty: none). `revision`
   * counts the changes of this member's handles (1, 2, …), apart from the member's revision.
   */
  MemberPaymentHandlesSet: z.strictObject({
    memberId: Id,
    revision: z.number().int().positive(),
    handles: PaymentHandles,
  }),
  /** A member commented on an expense (voided or not); the time is the event's `at`. */
  CommentAdded: z.strictObject({ commentId: Id, expenseId: Id, memberId: Id, text: z.string() }),
  /**
   * A file attached to an expense (ADR 0055): its metadata only, the bytes are in the blob store
   * under `key` (the thumbnail's under its own key). `sha256` is of the stored bytes; `width` and
   * `height` are null for a PDF, `thumbnail` null when there is none.
   */
  AttachmentAdded: z.strictObject({
    attachmentId: Id,
    expenseId: Id,
    memberId: Id,
    name: z.string(),
    contentType: z.string(),
    size: z.number().int().nonnegative(),
    sha256: z.string(),
    width: z.number().int().positive().nullable(),
    height: z.number().int().positive().nullable(),
    key: z.string(),
    thumbnail: z.strictObject({
      key: z.string(),
      contentType: z.string(),
      size: z.number().int().nonnegative(),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
    }).nullable(),
  }),
  /** An attachment was removed from its expense: no longer listed nor served. */
  AttachmentRemoved: z.strictObject({ attachmentId: Id, expenseId: Id }),
  /** An owner or admin added a custom category: `icon` is one emoji, `colour` `#rrggbb`. */
  CategoryAdded: z.strictObject({
    categoryId: Id,
    name: z.string(),
    icon: z.string(),
    colour: z.string(),
  }),
  /** A custom category's name, icon or colour changed: the whole new body. */
  CategoryChanged: z.strictObject({
    categoryId: Id,
    name: z.string(),
    icon: z.string(),
    colour: z.string(),
  }),
  /**
   * A custom category was removed: expenses that use it keep it (and its name), new expenses
   * can no longer choose it.
   */
  CategoryRemoved: z.strictObject({ categoryId: Id }),
  /** The group's IANA time zone (groups without this event are in UTC): when occurrences are due. */
  GroupTimeZoneChanged: z.strictObject({ timeZone: z.string() }),
  /**
   * A recurring expense: its rule from `start` (a calendar date), and the expense body (without
   * id and date, as `ExpenseInput` takes it) each occurrence records (ADR 0051).
   */
  RecurrenceCreated: z.strictObject({
    recurrenceId: Id,
    rule: RuleData,
    start: CalendarDate,
    template: TemplateInput,
  }),
  /** The rule, start and template changed for occurrences on or after `from`. */
  RecurrenceChanged: z.strictObject({
    recurrenceId: Id,
    rule: RuleData,
    start: CalendarDate,
    template: TemplateInput,
    from: CalendarDate,
  }),
  /**
   * No occurrence is recorded until resumed. `reason` and `date` when the scheduler paused it:
   * the occurrence of `date` was refused (a member gone, a limit), and why.
   */
  RecurrencePaused: z.strictObject({
    recurrenceId: Id,
    reason: z.string().nullable(),
    date: CalendarDate.nullable(),
  }),
  /** Occurrences on or after `from` are recorded again (those while paused are not). */
  RecurrenceResumed: z.strictObject({ recurrenceId: Id, from: CalendarDate }),
  /** The occurrence on `date` is not recorded. */
  RecurrenceOccurrenceSkipped: z.strictObject({ recurrenceId: Id, date: CalendarDate }),
  /** No occurrence is recorded any more. */
  RecurrenceStopped: z.strictObject({ recurrenceId: Id }),
  /** The occurrence on `date` was recorded as the expense `expenseId` (the same command). */
  RecurrenceOccurred: z.strictObject({ recurrenceId: Id, date: CalendarDate, expenseId: Id }),
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
/** The data of a settlement recorded or amended. */
export type SettlementData = GroupEventOf<"SettlementRecorded">["data"];

/**
 * The schema version each group event type is written at today. Older
 * versions are upcast by {@linkcode parseGroupEvent}.
 */
export const GROUP_EVENT_SCHEMA_VERSIONS: Readonly<Record<GroupEventType, number>> = Object.freeze({
  GroupCreated: 1,
  GroupRenamed: 1,
  GroupCurrencyChanged: 1,
  GroupDebtSimplificationChanged: 1,
  MemberAdded: 1,
  MemberRenamed: 1,
  MemberRoleChanged: 1,
  MemberDeactivated: 1,
  MemberClaimed: 1,
  MemberUnlinked: 1,
  InviteCreated: 2,
  InviteAccepted: 1,
  InviteRevoked: 1,
  ExpenseRecorded: 2,
  ExpenseAmended: 2,
  ExpenseVoided: 1,
  SettlementRecorded: 1,
  SettlementAmended: 1,
  SettlementVoided: 1,
  CommentAdded: 1,
  AttachmentAdded: 1,
  AttachmentRemoved: 1,
  MemberPaymentHandlesSet: 1,
  CategoryAdded: 1,
  CategoryChanged: 1,
  CategoryRemoved: 1,
  GroupTimeZoneChanged: 1,
  RecurrenceCreated: 1,
  RecurrenceChanged: 1,
  RecurrencePaused: 1,
  RecurrenceResumed: 1,
  RecurrenceOccurrenceSkipped: 1,
  RecurrenceStopped: 1,
  RecurrenceOccurred: 1,
});

/** The schema version a group event of this type is written at. */
export function groupEventSchemaVersion(type: GroupEventType): number {
  return GROUP_EVENT_SCHEMA_VERSIONS[type];
}

/** Whether a type name is a group event type. */
export function isGroupEventType(type: string): type is GroupEventType {
  return Object.hasOwn(GroupEventSchemas, type);
}

/**
 * Upcasters: data of an older schema version to the next one, by type. Each
 * step must be total over what that version's events held.
 */
const UPCASTERS: Partial<Record<GroupEventType, Record<number, (data: unknown) => unknown>>> = {
  // Version 1 had no items (ADR 0050): a plain expense.
  ExpenseRecorded: { 1: plainExpense },
  ExpenseAmended: { 1: plainExpense },
  // Version 1 did not say who created the invite.
  InviteCreated: {
    1: (data) =>
      data !== null && typeof data === "object" && !Array.isArray(data) &&
        !Object.hasOwn(data, "createdBy")
        ? { ...data, createdBy: null }
        : data,
  },
};

function plainExpense(data: unknown): unknown {
  return data !== null && typeof data === "object" && !Array.isArray(data) &&
      !Object.hasOwn(data, "items")
    ? { ...data, items: null, charges: null }
    : data;
}

/**
 * The data of a stored event upcast to today's schema version of its type,
 * not yet validated. Throws when the type is unknown or the version has no
 * upcaster.
 */
export function upcastGroupEventData(type: string, schemaVersion: number, data: unknown): unknown {
  if (!isGroupEventType(type)) throw new Error(`unknown group event type ${type}`);
  const current = GROUP_EVENT_SCHEMA_VERSIONS[type];
  if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw new Error(`no upcaster for ${type} schema version ${schemaVersion}`);
  }
  let value = data;
  for (let v = schemaVersion; v < current; v++) {
    const step = UPCASTERS[type]?.[v];
    if (!step) throw new Error(`no upcaster for ${type} schema version ${v}`);
    value = step(value);
  }
  return value;
}

/**
 * Parses a stored event into a typed group event, upcasting older schema
 * versions to today's and validating the data.
 */
export function parseGroupEvent(type: string, schemaVersion: number, data: unknown): GroupEvent {
  const value = upcastGroupEventData(type, schemaVersion, data);
  return { type, data: GroupEventSchemas[type as GroupEventType].parse(value) } as GroupEvent;
}

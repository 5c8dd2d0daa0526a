/**
 * Commands on a group, and the strict zod schemas of the request bodies they
 * come from. Unknown fields are rejected; money amounts must be strings.
 *
 * @module
 */
import { z } from "zod";
import {
  CategoryKey,
  CurrencyCode,
  FreeText,
  Id,
  InputDate,
  MoneyInput,
  MultilineText,
  Role,
  Text,
} from "../shared/schemas.ts";
import { TEXT_LIMITS } from "../shared/limits.ts";
import type { AttachmentMetadata } from "./attachments.ts";
import { type PaymentHandle, PaymentHandles } from "../payments/handles.ts";
import { type RuleData, RuleInput, TimeZone } from "../recurrence/rule.ts";

const MemberRef = z.strictObject({ memberId: Id });

/** `split` of an expense body. */
export const SplitInput = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("equal"), shares: z.array(MemberRef).min(1).max(500) }),
  z.strictObject({
    mode: z.literal("exact"),
    shares: z.array(z.strictObject({ memberId: Id, amount: z.string().max(40) })).min(1).max(500),
  }),
  z.strictObject({
    mode: z.literal("percent"),
    shares: z.array(z.strictObject({ memberId: Id, percent: z.string().max(20) })).min(1).max(500),
  }),
  z.strictObject({
    mode: z.literal("shares"),
    shares: z.array(
      z.strictObject({ memberId: Id, weight: z.number().int().min(0).max(1_000_000) }),
    ).min(1).max(500),
  }),
  z.strictObject({
    mode: z.literal("adjustment"),
    shares: z.array(z.strictObject({ memberId: Id, adjustment: z.string().max(40) })).min(1)
      .max(500),
  }),
], { error: "mode must be one of equal, exact, percent, shares, adjustment" });
/** A validated split. */
export type SplitInput = z.infer<typeof SplitInput>;

/** The most items an itemized expense may have. */
export const MAX_ITEMS = 200;
/** The most item shares (people named by all items together) an itemized expense may have. */
export const MAX_ITEM_SHARES = 2000;

/** One item of an itemized bill: its amount, shared by its own split. */
export const ItemInput = z.strictObject({
  description: Text(TEXT_LIMITS.description),
  amount: z.string().max(40),
  split: SplitInput,
});
/** A validated item. */
export type ItemInput = z.infer<typeof ItemInput>;

/** A charge on the items: a fixed amount, or a percentage of the items' sum. */
export const ChargeInput = z.strictObject({
  amount: z.string().max(40).optional(),
  percent: z.string().max(20).optional(),
}).refine((c) => (c.amount === undefined) !== (c.percent === undefined), {
  error: "give exactly one of amount or percent",
});

/** Tax, tip and service charge of an itemized bill. */
export const ChargesInput = z.strictObject({
  tax: ChargeInput.optional(),
  tip: ChargeInput.optional(),
  service: ChargeInput.optional(),
});
/** Validated charges. */
export type ChargesInput = z.infer<typeof ChargesInput>;

/** A client's own conversion: a rate, or the converted amount in group currency. */
export const FxInput = z.strictObject({
  rate: z.string().max(40).optional(),
  convertedAmount: z.string().max(40).optional(),
}).refine((f) => (f.rate === undefined) !== (f.convertedAmount === undefined), {
  error: "give exactly one of rate or convertedAmount",
});

/** Body of `POST /v1/groups/{g}/expenses` and of `PUT` (without `id`). */
export const ExpenseInput = z.strictObject({
  id: Id.optional(),
  description: Text(TEXT_LIMITS.description),
  total: MoneyInput,
  date: InputDate,
  category: CategoryKey.default("other"),
  paidBy: z.array(z.strictObject({ memberId: Id, amount: z.string().max(40) })).min(1).max(100),
  /** How the total is shared; absent for an itemized expense (its items say it). */
  split: SplitInput.optional(),
  /** The items of an itemized bill (then `split` is absent). */
  items: z.array(ItemInput).min(1).max(MAX_ITEMS).optional(),
  /** Tax, tip and service on the items (only with `items`). */
  charges: ChargesInput.optional(),
  note: FreeText(TEXT_LIMITS.note).nullable().optional(),
  fx: FxInput.optional(),
});
/** A validated expense body. */
export type ExpenseInput = z.infer<typeof ExpenseInput>;

/** The expense body a recurrence's occurrences record: `ExpenseInput` without id and date. */
export const TemplateInput = ExpenseInput.omit({ id: true, date: true });
/** A validated expense template. */
export type TemplateInput = z.infer<typeof TemplateInput>;

/** Body of `POST /v1/groups/{g}/recurrences`. */
export const RecurrenceCreateInput = z.strictObject({
  id: Id.optional(),
  rule: RuleInput,
  /** The first date (and the day of the month or year the rule falls on). */
  start: InputDate,
  template: TemplateInput,
});
/** A validated recurrence body. */
export type RecurrenceCreateInput = z.infer<typeof RecurrenceCreateInput>;

/**
 * Body of `PATCH /v1/groups/{g}/recurrences/{r}`: a new rule, start or template for the
 * occurrences from today on, or `paused` true or false.
 */
export const RecurrenceUpdateInput = z.strictObject({
  rule: RuleInput.optional(),
  start: InputDate.optional(),
  template: TemplateInput.optional(),
  paused: z.boolean().optional(),
}).refine(
  (b) =>
    b.rule !== undefined || b.start !== undefined || b.template !== undefined ||
    b.paused !== undefined,
  { error: "give rule, start, template or paused" },
);
/** A validated recurrence change. */
export type RecurrenceUpdateInput = z.infer<typeof RecurrenceUpdateInput>;

/** Body of `POST /v1/groups/{g}/recurrences/{r}/skips`. */
export const RecurrenceSkipInput = z.strictObject({ date: InputDate });

/** Body of `POST /v1/groups/{g}/settlements` and of `PUT` (without `id`). */
export const SettlementInput = z.strictObject({
  id: Id.optional(),
  from: Id,
  to: Id,
  amount: MoneyInput,
  date: InputDate,
  note: FreeText(TEXT_LIMITS.note).nullable().optional(),
  fx: FxInput.optional(),
});
/** A validated settlement body. */
export type SettlementInput = z.infer<typeof SettlementInput>;

/** Body of `POST /v1/groups`. */
export const GroupCreateInput = z.strictObject({
  id: Id.optional(),
  name: Text(TEXT_LIMITS.groupName),
  currency: CurrencyCode,
});

/** Body of `PATCH /v1/groups/{g}`. */
export const GroupUpdateInput = z.strictObject({
  name: Text(TEXT_LIMITS.groupName).optional(),
  currency: CurrencyCode.optional(),
  /** Whether the settle-up plan simplifies debts (ADR 0052). */
  simplifyDebts: z.boolean().optional(),
  timeZone: TimeZone.optional(),
}).refine((b) => Object.values(b).some((v) => v !== undefined), {
  error: "give name, currency, simplifyDebts or timeZone",
});

/** Body of `PUT /v1/groups/{g}/members/{m}/payment-handles`: the whole list, replacing it. */
export const PaymentHandlesInput = z.strictObject({ handles: PaymentHandles });
/** A validated payment handles body. */
export type PaymentHandlesInput = z.infer<typeof PaymentHandlesInput>;

/** Body of `POST /v1/groups/{g}/members`. */
export const MemberAddInput = z.strictObject({
  id: Id.optional(),
  name: Text(TEXT_LIMITS.memberName),
  email: z.email({ error: "must be an email address" }).max(254).optional(),
  role: Role,
});

/** Body of `PATCH /v1/groups/{g}/members/{m}`. */
export const MemberUpdateInput = z.strictObject({
  name: Text(TEXT_LIMITS.memberName).optional(),
  role: Role.optional(),
}).refine((b) => b.name !== undefined || b.role !== undefined, { error: "give name or role" });

/** Body of `POST /v1/groups/{g}/invites`. */
export const InviteCreateInput = z.strictObject({
  /** The placeholder member the invitee will claim; without it they join as a new member. */
  memberId: Id.optional(),
  role: Role,
  /** How long the code stays valid (default 7 days, at most 30). */
  expiresInHours: z.number().int().min(1, { error: "must be at least 1" }).max(720, {
    error: "must be at most 720 (30 days)",
  }).optional(),
});

/** Body of `POST /v1/groups/{g}/expenses/{e}/comments`. */
export const CommentAddInput = z.strictObject({
  id: Id.optional(),
  text: MultilineText(TEXT_LIMITS.comment),
});
/** A validated comment body. */
export type CommentAddInput = z.infer<typeof CommentAddInput>;

/**
 * A category's icon: one emoji (a single grapheme holding a pictograph, a flag
 * or a keycap), at most 32 UTF-16 code units.
 */
export const CategoryIcon = z.string().max(32, { error: "must be one emoji" }).refine(
  (s) =>
    [...new Intl.Segmenter("en", { granularity: "grapheme" }).segment(s)].length === 1 &&
    /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u.test(s) && s.isWellFormed(),
  { error: "must be one emoji" },
);

/** A category's colour: `#rrggbb`, kept in lower case. */
export const CategoryColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, {
  error: "must be a colour #rrggbb",
}).transform((s) => s.toLowerCase());

/** Body of `POST /v1/groups/{g}/categories`. */
export const CategoryAddInput = z.strictObject({
  id: Id.optional(),
  name: Text(TEXT_LIMITS.categoryName),
  icon: CategoryIcon,
  colour: CategoryColour,
});
/** A validated category body. */
export type CategoryAddInput = z.infer<typeof CategoryAddInput>;

/** Body of `PATCH /v1/groups/{g}/categories/{c}`. */
export const CategoryUpdateInput = z.strictObject({
  name: Text(TEXT_LIMITS.categoryName).optional(),
  icon: CategoryIcon.optional(),
  colour: CategoryColour.optional(),
}).refine((b) => b.name !== undefined || b.icon !== undefined || b.colour !== undefined, {
  error: "give name, icon or colour",
});

/** A conversion the edge resolved for a foreign-currency command. */
export type ResolvedFx =
  | { readonly kind: "rate"; readonly rate: string; readonly date: string; readonly source: string }
  | { readonly kind: "converted"; readonly amount: string; readonly date: string };

/** Who sends the command and when; time and ids come from the edge, never from here. */
export interface CommandContext {
  readonly actorUserId: string;
  /**
   * A guest acting as a placeholder member (ADR 0059): the member and the
   * role its link grants; `actorUserId` then names the guest, not a user.
   */
  readonly guest?: { readonly memberId: string; readonly role: Role };
}

/** A command on a group aggregate. */
export type GroupCommand =
  | {
    type: "group.create";
    groupId: string;
    name: string;
    currency: string;
    ownerMemberId: string;
    ownerName: string;
  }
  | {
    type: "group.update";
    name?: string;
    currency?: string;
    simplifyDebts?: boolean;
    timeZone?: string;
  }
  | {
    type: "member.payment_handles.set";
    memberId: string;
    handles: readonly PaymentHandle[];
    ifMatch?: number;
  }
  | {
    type: "member.add";
    memberId: string;
    name: string;
    userId: string | null;
    role: z.infer<typeof Role>;
  }
  | {
    type: "member.update";
    memberId: string;
    name?: string;
    role?: z.infer<typeof Role>;
    ifMatch?: number;
  }
  | { type: "member.remove"; memberId: string; ifMatch?: number }
  /** Internal, not an API command: the actor's own member becomes a placeholder (account deletion). */
  | { type: "member.unlink"; memberId: string }
  | {
    type: "invite.create";
    inviteId: string;
    /** SHA-256 (hex) of the code; the code itself never reaches an event. */
    codeHash: string;
    memberId: string | null;
    role: z.infer<typeof Role>;
    /** RFC 3339. */
    expiresAt: string;
  }
  | { type: "invite.revoke"; inviteId: string }
  | {
    type: "invite.accept";
    inviteId: string;
    /** The id the invitee gets when joining as a new member. */
    newMemberId: string;
    /** The invitee's display name, for a new member. */
    name: string;
    /** The edge's clock, RFC 3339: the invite must not have expired by then. */
    now: string;
  }
  | { type: "expense.record"; expenseId: string; input: ExpenseInput; fx: ResolvedFx | null }
  | {
    type: "expense.amend";
    expenseId: string;
    input: ExpenseInput;
    fx: ResolvedFx | null;
    ifMatch?: number;
  }
  | { type: "expense.void"; expenseId: string; ifMatch?: number }
  | {
    type: "settlement.record";
    settlementId: string;
    input: SettlementInput;
    fx: ResolvedFx | null;
  }
  | {
    type: "settlement.amend";
    settlementId: string;
    input: SettlementInput;
    fx: ResolvedFx | null;
    ifMatch?: number;
  }
  | { type: "settlement.void"; settlementId: string; ifMatch?: number }
  | { type: "comment.add"; commentId: string; expenseId: string; text: string }
  | { type: "attachment.add"; attachment: AttachmentMetadata }
  | { type: "attachment.remove"; attachmentId: string; expenseId: string }
  | { type: "category.add"; categoryId: string; name: string; icon: string; colour: string }
  | { type: "category.update"; categoryId: string; name?: string; icon?: string; colour?: string }
  | { type: "category.remove"; categoryId: string }
  | RecurrenceCommand;

/**
 * Commands on recurring expenses (ADR 0051). `now` (RFC 3339) is the edge's clock: its date in
 * the group's time zone is "today" (a change or a resume applies from it; a start may be at most
 * a year before it), and an occurrence is recorded only once due.
 */
export type RecurrenceCommand =
  | {
    type: "recurrence.create";
    recurrenceId: string;
    rule: RuleData;
    start: string;
    template: TemplateInput;
    now: string;
  }
  | {
    type: "recurrence.update";
    recurrenceId: string;
    rule?: RuleData;
    start?: string;
    template?: TemplateInput;
    paused?: boolean;
    now: string;
  }
  | { type: "recurrence.skip"; recurrenceId: string; date: string }
  | { type: "recurrence.stop"; recurrenceId: string }
  | {
    type: "recurrence.occur";
    recurrenceId: string;
    date: string;
    now: string;
    fx: ResolvedFx | null;
  };

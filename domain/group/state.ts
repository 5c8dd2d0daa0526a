/**
 * The state of a group aggregate, folded from its stream: what `decide` needs
 * to check a command (members and roles, each expense's and settlement's
 * revision and current effect, running balances in group minor units).
 *
 * @module
 */
import type { Role } from "../shared/schemas.ts";
import type { PaymentHandle } from "../payments/handles.ts";
import type { RuleData } from "../recurrence/rule.ts";
import type { TemplateInput } from "./commands.ts";

/** A member as the aggregate knows it. */
export interface MemberState {
  readonly id: string;
  name: string;
  userId: string | null;
  role: Role;
  active: boolean;
  revision: number;
  /** How to pay the member (at most 5), and how many times they were set (0: never). */
  paymentHandles: readonly PaymentHandle[];
  paymentHandlesRevision: number;
}

/** What an expense or settlement currently adds to each member, in group minor units. */
export interface Effect {
  /** memberId → amount paid (expenses) or sent (settlements). */
  readonly paid: ReadonlyMap<string, bigint>;
  /** memberId → share owed (expenses) or amount received (settlements). */
  readonly owed: ReadonlyMap<string, bigint>;
}

/** What a member paid (and sent) and owes (and received), in group minor units. */
export interface MemberTotals {
  paid: bigint;
  owed: bigint;
}

/** An expense or a settlement, by its id. */
export interface EntryState {
  readonly kind: "expense" | "settlement";
  revision: number;
  voided: boolean;
  effect: Effect;
  /** An expense's category key (a built-in name or a custom category's id); absent for settlements. */
  category?: string;
}

/** A custom category of the group. */
export interface CategoryState {
  readonly id: string;
  name: string;
  icon: string;
  colour: string;
  /** Removed: expenses keep it, new expenses cannot choose it. */
  removed: boolean;
}

/** An invite of the group. */
export interface InviteState {
  readonly id: string;
  readonly codeHash: string;
  /** The placeholder member to claim, or null to join as a new member. */
  readonly memberId: string | null;
  readonly role: Role;
  /** RFC 3339. */
  readonly expiresAt: string;
  /** The member who created it; null for invites recorded before this was kept. */
  readonly createdBy: string | null;
  /** The user who accepted it, or null while unused. */
  acceptedBy: string | null;
  /** Whether an owner or admin revoked it. */
  revoked: boolean;
}

/** A recurring expense (ADR 0051). */
export interface RecurrenceState {
  readonly id: string;
  rule: RuleData;
  start: string;
  template: TemplateInput;
  status: "active" | "paused" | "stopped";
  /** Occurrences before this date are not recorded (after a change or a resume). */
  from: string;
  /** The latest occurrence recorded, or null: only later ones may be. */
  last: string | null;
  /** Dates skipped that are after `last`. */
  skipped: Set<string>;
  /** How many occurrences were recorded. */
  occurred: number;
}

/** The folded state of a group stream. */
export interface GroupState {
  exists: boolean;
  id: string;
  name: string;
  currency: string;
  members: Map<string, MemberState>;
  entries: Map<string, EntryState>;
  /** memberId → what they paid and owe over every entry that is not voided. */
  totals: Map<string, MemberTotals>;
  /** inviteId → invite. */
  invites: Map<string, InviteState>;
  /** The ids of the group's comments (a comment id is used once per group). */
  comments: Set<string>;
  /** attachmentId → the attachment (removed ones too: an id is used once per group). */
  attachments: Map<string, AttachmentState>;
  /** Whether the settle-up plan simplifies debts (ADR 0052; true unless turned off). */
  simplifyDebts: boolean;
  /** categoryId → the group's custom category (removed ones too). */
  categories: Map<string, CategoryState>;
  /** The group's IANA time zone ("UTC" until changed). */
  timeZone: string;
  /** recurrenceId → recurring expense. */
  recurrences: Map<string, RecurrenceState>;
}

/** What a decision needs of an attachment (ADR 0055). */
export interface AttachmentState {
  expenseId: string;
  /** The stored bytes of the file and its thumbnail: what counts against the group's quota. */
  bytes: number;
  /** Its blobs' keys (the file's, the thumbnail's): deleted once it is removed. */
  keys: string[];
  removed: boolean;
}

/** The state of a group that does not exist yet. */
export function initialGroupState(): GroupState {
  return {
    exists: false,
    id: "",
    name: "",
    currency: "",
    members: new Map(),
    entries: new Map(),
    totals: new Map(),
    invites: new Map(),
    comments: new Set(),
    attachments: new Map(),
    simplifyDebts: true,
    categories: new Map(),
    timeZone: "UTC",
    recurrences: new Map(),
  };
}

/** The active member bound to a user, if any. */
export function memberOfUser(state: GroupState, userId: string): MemberState | undefined {
  for (const m of state.members.values()) {
    if (m.userId === userId && m.active) return m;
  }
  return undefined;
}

/** A member's balance: paid − owed (positive: is owed money). */
export function balanceOf(state: GroupState, memberId: string): bigint {
  const t = state.totals.get(memberId);
  return t ? t.paid - t.owed : 0n;
}

/**
 * The request schemas of the public API (the domain's input schemas,
 * re-exported, not copied; the sync batch composed here) and the zod
 * schemas of the answers the OpenAPI document spells out.
 *
 * @module
 */
import { z } from "zod";
import type { ExpenseInput, SettlementInput } from "@kopek/domain";

export {
  AccountDeleteInput,
  CategoryAddInput,
  CategoryUpdateInput,
  ClientErrorInput,
  CommentAddInput,
  EmailSettingsInput,
  ExpenseInput,
  GroupCreateInput,
  GroupUpdateInput,
  GuestLinkCreateInput,
  GuestTokenInput,
  InviteCreateInput,
  InviteEmailInput,
  LoginInput,
  MemberAddInput,
  MemberUpdateInput,
  NotificationSettingsInput,
  PasswordChangeInput,
  PasswordResetConfirmInput,
  PasswordResetInput,
  PaymentHandlesInput,
  ProfileInput,
  PushSubscriptionInput,
  PushUnsubscribeInput,
  RecurrenceCreateInput,
  RecurrenceSkipInput,
  RecurrenceUpdateInput,
  RefreshInput,
  RegisterInput,
  SettlementInput,
  TelegramChatsInput,
  TelegramLinkInput,
  TelegramTokenInput,
} from "@kopek/domain";

/** The command types of `POST /v1/sync`: each names the route it stands for. */
export const SYNC_COMMAND_TYPES = [
  "group.create",
  "group.update",
  "member.add",
  "member.update",
  "member.remove",
  "invite.create",
  "invite.revoke",
  "expense.record",
  "expense.amend",
  "expense.void",
  "settlement.record",
  "settlement.amend",
  "settlement.void",
  "comment.add",
] as const;

/** A command type of `POST /v1/sync`. */
export type SyncCommandType = (typeof SYNC_COMMAND_TYPES)[number];

/**
 * The body of `POST /v1/sync`: at most 500 queued commands. Each `body` is
 * the body of the route its `type` stands for, checked by that route's schema.
 */
export const SyncInput = z.strictObject({
  commands: z.array(z.strictObject({
    id: z.uuid({ error: "must be a UUID" }),
    type: z.enum(SYNC_COMMAND_TYPES, {
      error: `must be one of ${SYNC_COMMAND_TYPES.join(", ")}`,
    }),
    groupId: z.uuid({ error: "must be a UUID" }).nullable().optional(),
    // Passed on as parsed, not rebuilt: a rebuilt object would lose a field named "__proto__"
    // (assigning it sets the prototype), which the command's strict schema must see and refuse.
    body: z.custom<Record<string, unknown>>(
      (v) => v !== null && typeof v === "object" && !Array.isArray(v),
      { error: "must be an object" },
    ).optional(),
  })).max(500, { error: "at most 500 commands per sync" }),
});

const MoneyOut = z.object({ amount: z.string(), currency: z.string() });

/** `GET /v1/groups/{g}/reports/monthly`'s answer. */
export const MonthlyReportAnswer = z.object({
  currency: z.string(),
  months: z.array(z.object({
    month: z.string().describe("YYYY-MM"),
    total: MoneyOut,
    byCategory: z.record(z.string(), MoneyOut).describe("category → spent; zero left out"),
    byMember: z.record(z.string(), MoneyOut).describe(
      "member id → what they consumed (their owed shares); zero left out",
    ),
  })),
  categories: z.record(
    z.string(),
    z.object({ name: z.string(), icon: z.string().nullable(), colour: z.string().nullable() }),
  ).describe("every key of byCategory → its name, icon and colour (null for built-in ones)"),
});

/** A problem document as an answer's field (an import's refusal). */
export const ProblemOut = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

/** The answer of `POST /v1/imports` (202, with `Location: /v1/imports/{id}`). */
export const ImportQueuedAnswer = z.object({ id: z.uuid(), status: z.literal("queued") });

/** The answer of `GET /v1/imports/{id}`. */
export const ImportJobAnswer = z.object({
  id: z.uuid(),
  status: z.enum(["queued", "running", "done", "refused", "failed"]),
  groups: z.array(z.object({ id: z.uuid(), name: z.string() })).optional().describe(
    "done: the new groups",
  ),
  position: z.number().int().optional().describe(
    "done: the position of the last appended event (send it as Kopek-Min-Position)",
  ),
  problem: ProblemOut.optional().describe(
    "refused: the 422 problem (code, detail naming the position); failed: a 500 problem",
  ),
  progress: z.object({
    phase: z.enum(["checking", "appending"]),
    done: z.number().int(),
    total: z.number().int(),
    unit: z.enum(["bytes", "events"]),
  }).optional().describe(
    "running: checking counts the dump's bytes read, appending the dump's events replayed",
  ),
});

/** The body of `POST /v1/groups/{g}/expenses` (and of `PUT`), as a client writes it. */
export type ExpenseBody = z.input<typeof ExpenseInput>;

/** The body of `POST /v1/groups/{g}/settlements` (and of `PUT`), as a client writes it. */
export type SettlementBody = z.input<typeof SettlementInput>;

/**
 * The route table's ledger routes: expenses, settlements, balances, reports,
 * the activity feed and the live stream.
 *
 * @module
 */
import { CommentAddInput, ExpenseInput, MonthlyReportAnswer, SettlementInput } from "./schemas.ts";
import { read, type Route, write } from "./route.ts";
import type { ProblemCode } from "./problems.ts";

/** The ledger's rules an expense or settlement body may break (recurring templates too). */
export const MONEY_RULES: readonly ProblemCode[] = [
  "money.*",
  "split.*",
  "items.*",
  "paid_by.sum",
  "fx.*",
  "ledger.*",
  "allocation.*",
  "member.unknown",
  "member.duplicate",
  // A foreign-currency entry is converted at the date's rate: a date no rate can be for.
  "rates.*",
  // A custom category must be one of the group's, not removed (an amendment may keep it).
  "category.unknown",
  "category.removed",
];

/** Expenses, settlements and what is read from them. */
export const LEDGER_ROUTES: readonly Route[] = [
  read("/v1/groups/{g}/expenses", {
    summary: "Expenses, newest first",
    response: "Page<Entry>",
    query: [
      "limit",
      "cursor",
      "from",
      "to",
      "category",
      "memberId",
      "q",
      "kind",
      "includeVoided",
      "asOf",
    ],
    etag: true,
  }),
  write("post", "/v1/groups/{g}/expenses", {
    summary: "Record an expense",
    body: ExpenseInput,
    ok: 201,
    response: "ExpenseWritten",
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: ["forbidden", "duplicate_id", "expense.exists", ...MONEY_RULES],
  }),
  read("/v1/groups/{g}/expenses/{e}", {
    summary: "One expense with its shares",
    response: "Expense",
    etag: true,
  }),
  read("/v1/groups/{g}/expenses/{e}/history", {
    summary: "Every version of an expense, oldest first, with who made it and when",
    response: "ExpenseHistory",
    etag: true,
  }),
  write("put", "/v1/groups/{g}/expenses/{e}", {
    summary: "Amend an expense (full replacement)",
    body: ExpenseInput,
    response: "ExpenseWritten",
    ifMatch: true,
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: [
      "forbidden",
      "duplicate_id",
      "expense.voided",
      "expense.id_mismatch",
      ...MONEY_RULES,
    ],
  }),
  write("delete", "/v1/groups/{g}/expenses/{e}", {
    summary: "Void an expense (an event; never erased)",
    response: "Voided",
    ifMatch: true,
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: ["forbidden", "duplicate_id", "expense.voided"],
  }),
  read("/v1/groups/{g}/expenses/{e}/comments", {
    summary: "The comments on an expense, oldest first",
    response: "Page<Comment>",
    query: ["limit", "cursor"],
    etag: true,
  }),
  write("post", "/v1/groups/{g}/expenses/{e}/comments", {
    summary: "Comment on an expense (voided or not)",
    body: CommentAddInput,
    ok: 201,
    response: "CommentWritten",
    idempotent: true,
    problems: ["forbidden", "duplicate_id", "comment.exists"],
  }),
  write("post", "/v1/groups/{g}/settlements", {
    summary: "Record a settlement",
    body: SettlementInput,
    ok: 201,
    response: "SettlementWritten",
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: [
      "forbidden",
      "duplicate_id",
      "settlement.exists",
      "settlement.same_member",
      "member.unknown",
      "money.*",
      "fx.*",
      "ledger.*",
      "rates.*",
    ],
  }),
  read("/v1/groups/{g}/settlements/{s}", {
    summary: "One settlement",
    response: "Settlement",
    etag: true,
  }),
  write("put", "/v1/groups/{g}/settlements/{s}", {
    summary: "Amend a settlement (full replacement)",
    body: SettlementInput,
    response: "SettlementWritten",
    ifMatch: true,
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: [
      "forbidden",
      "duplicate_id",
      "settlement.voided",
      "settlement.id_mismatch",
      "settlement.same_member",
      "member.unknown",
      "money.*",
      "fx.*",
      "ledger.*",
      "rates.*",
    ],
  }),
  write("delete", "/v1/groups/{g}/settlements/{s}", {
    summary: "Void a settlement",
    response: "Voided",
    ifMatch: true,
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: ["forbidden", "duplicate_id", "settlement.voided"],
  }),
  read("/v1/groups/{g}/balances", {
    summary: "Balances and the settle-up plan",
    response: "Balances",
    query: ["asOf"],
    etag: true,
  }),
  read("/v1/groups/{g}/reports/monthly", {
    summary:
      "Monthly totals by category and by member (owed shares), from the reporting connection; " +
      "answers `Kopek-Served-By: replica | primary`",
    response: "MonthlyReport",
    responseSchema: MonthlyReportAnswer,
    query: ["from", "to"],
    etag: true,
    responseHeaders: ["Kopek-Served-By"],
  }),
  read("/v1/groups/{g}/activity", {
    summary: "What happened, newest first, in words a person reads; each item also says what " +
      "it is about (entityType, subject, amount) and what an amendment changed (changes)",
    response: "Page<ActivityItem>",
    query: ["limit", "cursor"],
    etag: true,
  }),
  read("/v1/groups/{g}/live", {
    summary: "Server-sent events: one `change` per update of the group (id: its position); " +
      "`end` with a `reason` (removed, forbidden, session_ended, token_expired) before it closes; " +
      "`shutdown` when the instance stops (reconnect); 429 too_many_streams over the user's " +
      "cap, 503 server_busy over the instance's",
    response: null,
    produces: "text/event-stream",
    requestHeaders: ["Last-Event-ID"],
    problems: ["too_many_streams", "server_busy", "shutting_down"],
  }),
];

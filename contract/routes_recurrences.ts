/**
 * The route table's recurring expenses (ADR 0051).
 *
 * @module
 */
import { RecurrenceCreateInput, RecurrenceSkipInput, RecurrenceUpdateInput } from "@kopek/domain";
import { read, type Route, write } from "./route.ts";
import { MONEY_RULES } from "./routes_ledger.ts";
import type { ProblemCode } from "./problems.ts";

/** A template is checked as an expense would be (ADR 0051), and its rule and start. */
const TEMPLATE_RULES: readonly ProblemCode[] = [
  ...MONEY_RULES,
  "recurrence.start_range",
  "recurrence.empty",
];

/** Recurring expenses. */
export const RECURRENCE_ROUTES: readonly Route[] = [
  read("/v1/groups/{g}/recurrences", {
    summary: "The group's recurring expenses, each with its next occurrences",
    response: "RecurrenceList",
    etag: true,
  }),
  write("post", "/v1/groups/{g}/recurrences", {
    summary: "Set up a recurring expense",
    body: RecurrenceCreateInput,
    ok: 201,
    response: "RecurrenceWritten",
    idempotent: true,
    problems: [
      "forbidden",
      "duplicate_id",
      "recurrence.exists",
      "recurrence.too_many",
      ...TEMPLATE_RULES,
    ],
  }),
  write("patch", "/v1/groups/{g}/recurrences/{r}", {
    summary: "Change a recurring expense from today on, pause or resume it",
    body: RecurrenceUpdateInput,
    response: "RecurrenceWritten",
    idempotent: true,
    problems: ["forbidden", "recurrence.stopped", ...TEMPLATE_RULES],
  }),
  write("post", "/v1/groups/{g}/recurrences/{r}/skips", {
    summary: "Skip one upcoming occurrence",
    body: RecurrenceSkipInput,
    response: "RecurrenceWritten",
    idempotent: true,
    problems: [
      "forbidden",
      "recurrence.stopped",
      "recurrence.past",
      "recurrence.not_an_occurrence",
      "recurrence.too_many_skips",
    ],
  }),
  write("delete", "/v1/groups/{g}/recurrences/{r}", {
    summary: "Stop a recurring expense (the occurrences recorded stay)",
    response: "RecurrenceWritten",
    idempotent: true,
    problems: ["forbidden"],
  }),
];

/**
 * The fuzz's route table, one file per route family (ADR 0049): the families in the
 * order of the table they were split from, so that a seed draws the same requests.
 *
 * @module
 */
import type { Good } from "./_kit/good.ts";
import type { Route } from "./_kit/route.ts";
import { ATTACHMENT_READS, ATTACHMENT_ROUTES } from "./attachments.ts";
import { AUTH_GOOD, AUTH_ROUTES } from "./auth.ts";
import { BOT_GOOD, BOT_ROUTES } from "./bot.ts";
import { CATEGORIES_ROUTES } from "./categories.ts";
import { EMAIL_ROUTES } from "./email.ts";
import { EXPENSES_GOOD, EXPENSES_ROUTES } from "./expenses.ts";
import { GROUPS_GOOD, GROUPS_ROUTES } from "./groups.ts";
import { GUESTS_ROUTES } from "./guests.ts";
import { IMPORTS_ROUTES } from "./imports.ts";
import { INVITES_GOOD, INVITES_ROUTES } from "./invites.ts";
import { PUSH_ROUTES } from "./push.ts";
import { READS_GOOD, READS_ROUTES } from "./reads.ts";
import { RECURRENCES_GOOD, RECURRENCES_ROUTES } from "./recurrences.ts";
import { SERVICE_ROUTES } from "./service.ts";
import { SYNC_GOOD, SYNC_ROUTES } from "./sync.ts";

/** Every fuzzed route, in the order of the route table (the order the seed draws from). */
export const ROUTES: readonly Route[] = [
  ...AUTH_ROUTES,
  ...BOT_ROUTES,
  ...GROUPS_ROUTES,
  ...INVITES_ROUTES,
  ...GUESTS_ROUTES,
  ...EXPENSES_ROUTES,
  ...SYNC_ROUTES,
  ...READS_ROUTES,
  ...IMPORTS_ROUTES,
  ...SERVICE_ROUTES,
  ...CATEGORIES_ROUTES,
  ...RECURRENCES_ROUTES,
  ...PUSH_ROUTES,
  ...EMAIL_ROUTES,
  ...ATTACHMENT_ROUTES,
  ...ATTACHMENT_READS,
];

/** The known-good sequences, in the order they are drawn. */
export const GOOD: Readonly<Record<string, Good>> = {
  ...AUTH_GOOD,
  ...BOT_GOOD,
  ...INVITES_GOOD,
  ...READS_GOOD,
  ...GROUPS_GOOD,
  ...EXPENSES_GOOD,
  ...SYNC_GOOD,
  ...RECURRENCES_GOOD,
};

/** The reads whose answer is no JSON, by route name. */
export const PRODUCES: ReadonlyMap<string, string> = new Map(
  ROUTES.filter((r) => r.produces !== undefined).map((r) => [r.name, r.produces!]),
);

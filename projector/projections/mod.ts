/**
 * The projections the runner keeps, in the order a batch applies them.
 *
 * @module
 */
import type { Projection } from "../projection.ts";
import { accessProjection } from "./access/apply.ts";
import { balancesProjection } from "./balances/apply.ts";
import { categoriesProjection } from "./categories/apply.ts";
import { commentsProjection } from "./comments/apply.ts";
import { attachmentsProjection } from "./attachments/apply.ts";
import { expensesProjection } from "./expenses/apply.ts";
import { groupsProjection } from "./groups/apply.ts";
import { invitesProjection } from "./invites/apply.ts";
import { reportsProjection } from "./reports/apply.ts";
import { recurrencesProjection } from "./recurrences/apply.ts";

/** Every projection, in apply order. */
export const PROJECTIONS: readonly Projection[] = Object.freeze([
  groupsProjection,
  accessProjection,
  expensesProjection,
  balancesProjection,
  reportsProjection,
  invitesProjection,
  commentsProjection,
  categoriesProjection,
  recurrencesProjection,
  attachmentsProjection,
]);

/** The names of {@linkcode PROJECTIONS}. */
export const PROJECTION_NAMES: readonly string[] = Object.freeze(PROJECTIONS.map((p) => p.name));

/**
 * The expense form's small texts: a member's name ("You (Ana)") and what is left to assign.
 *
 * @module
 */
import { formatAmount } from "#lib/money/mod.ts";
import { formatMoney } from "#lib/format.ts";
import { m } from "#lib/i18n/mod.ts";
import type { Member } from "#lib/types.ts";

/** "Left to assign: €2.50" / "Over by: €2.50" for what the payers or the split still miss. */
export function leftText(left: bigint, currency: string): string {
  const amount = formatMoney({ amount: formatAmount(left < 0n ? -left : left, currency), currency });
  return left > 0n ? m.ui_exp_left({ amount }) : m.ui_exp_over({ amount });
}

/** A member's name as the form lists it, marked when it is the person using the app. */
export const memberLabel = (mb: Member, me: string | undefined): string => (mb.id === me ? m.ui_exp_you({ name: mb.name }) : mb.name);

/**
 * Where the expense form shows an error of the money rules: next to the field its path names.
 *
 * @module
 */

/** The parts of the form an error can sit next to. */
export type Spot = "amount" | "fx" | "payers" | "split";

/** The spot of an error's path (`total.amount`, `fx.rate`, `paidBy[1]`, anything else: the split). */
export const spotOf = (path: string): Spot =>
  path.startsWith("total") ? "amount" : path.startsWith("fx") ? "fx" : path.startsWith("paidBy") ? "payers" : "split";

/** The id of the field to focus for an error at `spot`. */
export function focusIdOf(
  spot: Spot,
  form: { overrideRate: boolean; payerMode: "single" | "multiple"; firstPayer: string | undefined },
): string {
  return {
    amount: "exp-amount",
    fx: form.overrideRate ? "fx-rate-input" : "fx-override",
    payers: form.payerMode === "single" ? "exp-payer" : `payer-amount-${form.firstPayer ?? ""}`,
    split: "exp-preview",
  }[spot];
}

/**
 * Ledger helpers on balances in minor units: the settle-up plan (a short list
 * of transfers that clears every balance) and small balance utilities.
 * Pure: no I/O, no clock.
 *
 * @example
 * ```ts
 * import { applyTransfers, settleUp } from "./mod.ts";
 *
 * const balances = [["ana", 600n], ["ben", -400n], ["cem", -200n]] as const;
 * const plan = settleUp(balances);
 * applyTransfers(balances, plan); // every balance is now 0n
 * ```
 *
 * @module
 */
export { settleUp, type Transfer } from "./settle_up.ts";
export { applyTransfers, sumToZero } from "./balances.ts";
export { addPairDebts, entryPairDebts, type PairDebt, pairKey, pairwisePlan } from "./pairwise.ts";
export {
  type Counterpart,
  crossGroupBalances,
  type CrossGroupInput,
  type CrossGroupLine,
  type CrossGroupMember,
  crossGroupTotals,
  defaultPlan,
  type PlanOf,
} from "./cross_group.ts";

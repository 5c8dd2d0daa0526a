/**
 * The preconditions several group commands share: the version a command
 * was made against, a known currency, an entry of the right kind.
 *
 * @module
 */
import { isCurrency } from "../money/currency.ts";
import { DomainError, invalid, notFound } from "../errors.ts";
import type { EntryState, GroupState } from "./state.ts";

/** Refuses a command made against another version than the current one (`If-Match`). */
export function requireVersion(current: number, ifMatch: number | undefined) {
  if (ifMatch !== undefined && ifMatch !== current) {
    throw new DomainError(
      "precondition_failed",
      "version.stale",
      `version ${ifMatch} is stale: the current version is ${current}`,
    );
  }
}

/** Refuses a currency code that is not ISO 4217's. */
export function requireCurrency(code: string, path: string) {
  if (!isCurrency(code)) throw invalid("money.unknown_currency", path, `unknown currency ${code}`);
}

/** The group's entry of this id and kind, or not found. */
export function entryOf(state: GroupState, id: string, kind: EntryState["kind"]): EntryState {
  const entry = state.entries.get(id);
  if (!entry || entry.kind !== kind) throw notFound(kind);
  return entry;
}

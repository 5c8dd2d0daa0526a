/**
 * Money in the PWA: the server's pure money and ledger rules (bigint minor
 * units, ISO 4217 digits, the API's rounding rules, the settle-up plan),
 * imported from `domain/money` and `domain/ledger` (ADR 0011, revised), and
 * what only the PWA needs: reading typed amounts, currency pickers, the live
 * expense preview, optimistic balances, equal percentages.
 *
 * @module
 */
export * from "$domain/money/mod.ts";
export * from "$domain/ledger/mod.ts";
export * from "./currencies.ts";
export * from "./amount.ts";
export * from "./expense.ts";
export * from "./items.ts";
export * from "./item_rows.ts";
export * from "./balances.ts";
export * from "./equal_percents.ts";

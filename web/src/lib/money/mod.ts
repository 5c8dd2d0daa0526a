/**
 * Money in the PWA: bigint minor units, the API's rounding rules, ISO 4217 digits.
 *
 * @module
 */
export * from "./currencies.ts";
export * from "./errors.ts";
export * from "./amount.ts";
export * from "./allocate.ts";
export * from "./percent.ts";
export * from "./fx.ts";
export * from "./settle.ts";
export * from "./expense.ts";
export * from "./balances.ts";
export * from "./equal_percents.ts";

/**
 * Types the projections share from other packages, in one place.
 *
 * @module
 */
export type { Role } from "@kopek/domain";
export type { Sql, TransactionSql } from "@kopek/platform";

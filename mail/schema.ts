/**
 * Email's part of the database (ADR 0022's `SchemaPart`): the outbox, the
 * reset tokens, the settings and the weekly claims (`mail/migrations`).
 *
 * @module
 */
import { migrate, migrationsOf, type SchemaPart, type Sql } from "@kopek/platform";

/** Where the mail tables' migrations live (component `"mail"`, platform/schema/registry.ts). */
export const mailMigrations = migrationsOf("mail");

/** The mail tables, as a part of the schema. */
export const mailSchema: SchemaPart = Object.freeze({
  migrations: Object.freeze([mailMigrations]),
  apply: (sql: Sql) => migrate(sql, mailMigrations),
});

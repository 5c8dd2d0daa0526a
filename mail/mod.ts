/**
 * Email (ADR 0060): the mailer port and its SMTP adapter, the templates, the
 * durable outbox, password reset tokens, settings and the weekly summary.
 *
 * @module
 */
export * from "./mailer.ts";
export * from "./smtp.ts";
export * from "./templates.ts";
export * from "./outbox.ts";
export * from "./resets.ts";
export * from "./settings.ts";
export * from "./weekly.ts";
export * from "./balances.ts";
export * from "./account.ts";
export * from "./tick.ts";
export * from "./desk.ts";
export * from "./schema.ts";

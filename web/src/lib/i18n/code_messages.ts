/**
 * The problem codes that have a message in messages/errors (ADR 0058), loaded by problems.ts
 * only where a locale other than English needs them (English shows the server's own detail).
 *
 * @module
 */
import { type Locale, m } from "./mod.ts";

export type Message = (inputs: Record<string, never>, options: { locale: Locale }) => string;

/**
 * The codes with a message. Named one by one, not looked up in `m` by key, so that the bundler
 * keeps only these messages (a lookup by computed key would bundle the whole catalogue);
 * catalogues.test.ts checks that each key is `problemKey(code)`.
 */
export const CODE_MESSAGES: Readonly<Record<string, Message>> = {
  "malformed": m.errors_malformed,
  "unauthenticated": m.errors_unauthenticated,
  "bad_credentials": m.errors_bad_credentials,
  "forbidden": m.errors_forbidden,
  "not_found": m.errors_not_found,
  "request_timeout": m.errors_request_timeout,
  "duplicate_id": m.errors_duplicate_id,
  "version_conflict": m.errors_version_conflict,
  "version.stale": m.errors_version_stale,
  "member.balance_not_zero": m.errors_member_balance_not_zero,
  "member.exists": m.errors_member_exists,
  "member.user_exists": m.errors_member_user_exists,
  "member.owner": m.errors_member_owner,
  "group.currency_locked": m.errors_group_currency_locked,
  "user.email_taken": m.errors_user_email_taken,
  "invite.used": m.errors_invite_used,
  "invite.expired": m.errors_invite_expired,
  "invite.revoked": m.errors_invite_revoked,
  "invite.dead": m.errors_invite_dead,
  "expense.voided": m.errors_expense_voided,
  "settlement.voided": m.errors_settlement_voided,
  "settlement.same_member": m.errors_settlement_same_member,
  "category.name_taken": m.errors_category_name_taken,
  "category.too_many": m.errors_category_too_many,
  "account.owns_group": m.errors_account_owns_group,
  "validation": m.errors_validation,
  "too_large": m.errors_too_large,
  "rate_limited": m.errors_rate_limited,
  "database_unavailable": m.errors_database_unavailable,
  "server_busy": m.errors_server_busy,
  "internal": m.errors_internal,
  "money.required": m.errors_money_required,
  "money.invalid_amount": m.errors_money_invalid_amount,
  "money.too_many_decimals": m.errors_money_too_many_decimals,
  "money.too_large": m.errors_money_too_large,
  "money.zero": m.errors_money_zero,
  "money.not_positive": m.errors_money_not_positive,
  "money.unknown_currency": m.errors_money_unknown_currency,
  "paid_by.sum": m.errors_paid_by_sum,
  "split.exact_sum": m.errors_split_exact_sum,
  "split.percent_sum": m.errors_split_percent_sum,
  "fx.rate_missing": m.errors_fx_rate_missing,
  "offline": m.errors_offline,
};

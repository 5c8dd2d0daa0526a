/**
 * The account page's decisions: a profile change (display name, default
 * currency) and the account's deletion. Deletion leaves a tombstone in the
 * account's stream and frees the email address; what stays in the event
 * store and why is in docs/security.md ("Deleting an account").
 *
 * @module
 */
import { z } from "zod";
import { notFound } from "../errors.ts";
import { isCurrency } from "../money/currency.ts";
import { CurrencyCode, Text } from "../shared/schemas.ts";
import { TEXT_LIMITS } from "../shared/limits.ts";
import type { AccountState } from "./account.ts";
import type { UserEvent } from "./events.ts";

/** Body of `PATCH /v1/me`. */
export const ProfileInput = z.strictObject({
  displayName: Text(TEXT_LIMITS.displayName).optional(),
  defaultCurrency: CurrencyCode.refine(isCurrency, { error: "must be an ISO 4217 currency code" })
    .nullable().optional(),
}).refine((b) => b.displayName !== undefined || b.defaultCurrency !== undefined, {
  error: "give displayName or defaultCurrency",
});
/** Body of `PATCH /v1/me`. */
export type ProfileInput = z.infer<typeof ProfileInput>;

/** Body of `DELETE /v1/me`: the password, again. */
export const AccountDeleteInput = z.strictObject({ password: z.string().max(200) });

/** The events of a profile change (none when nothing changes). */
export function decideProfileChange(state: AccountState, input: ProfileInput): UserEvent[] {
  if (!state.exists) throw notFound("account");
  const data: { displayName?: string; defaultCurrency?: string | null } = {};
  if (input.displayName !== undefined && input.displayName !== state.displayName) {
    data.displayName = input.displayName;
  }
  if (input.defaultCurrency !== undefined && input.defaultCurrency !== state.defaultCurrency) {
    data.defaultCurrency = input.defaultCurrency;
  }
  return Object.keys(data).length === 0 ? [] : [{ type: "ProfileChanged", data }];
}

/** Events to append when an account is deleted. */
export interface DeletionEvents {
  /** For `user-<id>`. */
  readonly account: UserEvent[];
  /** For `email-<sha256>`: the address is free again. */
  readonly email: UserEvent[];
  /** For `telegram-<id>` when a Telegram user was linked. */
  readonly telegram: UserEvent[];
}

/** The deletion of an account (the password was checked at the edge). */
export function decideAccountDelete(state: AccountState, at: string): DeletionEvents {
  if (!state.exists) throw notFound("account");
  const linked = state.telegramUserId;
  return {
    account: [
      ...(linked ? [{ type: "TelegramUnlinked" as const, data: { telegramUserId: linked } }] : []),
      { type: "AccountDeleted", data: { at } },
    ],
    email: [{ type: "EmailReleased", data: { userId: state.id } }],
    telegram: linked ? [{ type: "TelegramAccountReleased", data: { userId: state.id } }] : [],
  };
}

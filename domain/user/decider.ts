/**
 * The account aggregate (`user-<id>`) as a {@linkcode Decider}, for the
 * commands that change the account's stream alone. Registration, deletion
 * and Telegram linking also write index streams (`email-…`, `telegram-…`,
 * `code-…`): they keep their own decide functions, which answer events per stream.
 *
 * @module
 */
import type { Decider, Sent } from "../decider.ts";
import {
  type AccountState,
  decidePasswordChange,
  decideSessionsRevoke,
  evolveAccount,
  initialAccountState,
} from "./account.ts";
import type { UserEvent } from "./events.ts";
import { decideProfileChange, type ProfileInput } from "./profile.ts";

/** A command on one account's stream, hashes and times computed at the edge. */
export type AccountCommand =
  | { readonly type: "password.change"; readonly passwordHash: string; readonly at: string }
  | { readonly type: "sessions.revoke"; readonly at: string }
  | { readonly type: "profile.change"; readonly input: ProfileInput };

/** Who acts on the account: the user, and the service acting for them, if any. */
export interface AccountContext {
  readonly userId: string;
  readonly via?: string | null;
}

/** An account command with who sends it. */
export type SentAccountCommand = Sent<AccountCommand, AccountContext>;

function decideAccount({ command }: SentAccountCommand, state: AccountState): UserEvent[] {
  switch (command.type) {
    case "password.change":
      return decidePasswordChange(state, { passwordHash: command.passwordHash, at: command.at });
    case "sessions.revoke":
      return decideSessionsRevoke(state, command.at);
    case "profile.change":
      return decideProfileChange(state, command.input);
    default: {
      const unknown: never = command;
      throw new Error(`unknown account command ${(unknown as AccountCommand).type}`);
    }
  }
}

/** The account's decider. */
export const accountDecider: Decider<SentAccountCommand, UserEvent, AccountState> = {
  decide: decideAccount,
  evolve: evolveAccount,
  initialState: initialAccountState,
};

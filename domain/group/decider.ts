/**
 * The group aggregate as a {@linkcode Decider}: `decideGroup`, `evolveGroup`
 * and `initialGroupState` with the command's context (the acting user)
 * carried by the command.
 *
 * @module
 */
import type { Decider, Sent } from "../decider.ts";
import type { CommandContext, GroupCommand } from "./commands.ts";
import { decideGroup } from "./decide.ts";
import type { GroupEvent } from "./events.ts";
import { evolveGroup } from "./evolve.ts";
import { type GroupState, initialGroupState } from "./state.ts";

/** A group command with who sends it. */
export type SentGroupCommand = Sent<GroupCommand, CommandContext>;

/** The group's decider (its `evolve` changes the state it is given: fold a copy to keep one). */
export const groupDecider: Decider<SentGroupCommand, GroupEvent, GroupState> = {
  decide: ({ command, context }, state) => decideGroup(command, state, context),
  evolve: evolveGroup,
  initialState: initialGroupState,
};

/**
 * The one shape of every aggregate's write rules (Emmett's decider): what a
 * command decides given the state, how an event changes the state, and the
 * state before any event. Pure: no I/O, no clock, no random ids; whatever
 * those give (ids, hashes, rates, the time) reaches the decider in the command.
 *
 * @module
 */

/** An aggregate's rules: `decide`, `evolve` and `initialState`. */
export interface Decider<Command, Event, State> {
  /** The events the command causes on this state, or a `DomainError` that refuses it. */
  decide(command: Command, state: State): Event[];
  /** The state after one event (a decider may consume `state`: fold from a state you own). */
  evolve(state: State, event: Event): State;
  /** The state of a stream without events. */
  initialState(): State;
}

/**
 * A command with the context it is sent in (who sends it): how every decider
 * receives what is not the command's own data, as Emmett's commands carry
 * their metadata. A decider that needs no context ignores it.
 */
export interface Sent<Command, Context> {
  readonly command: Command;
  readonly context: Context;
}

/** Folds events from the decider's initial state (or from `state`, which it may consume). */
export function fold<E, S>(
  decider: Pick<Decider<unknown, E, S>, "evolve" | "initialState">,
  events: Iterable<E>,
  state: S = decider.initialState(),
): S {
  let s = state;
  for (const e of events) s = decider.evolve(s, e);
  return s;
}

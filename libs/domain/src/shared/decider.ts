/**
 * The shape every aggregate's decider has (Emmett style): three plain functions, no framework.
 * Command handlers are written once against this type: read the stream, `fold` it, `decide`,
 * append with the expected revision that was read.
 */
export interface Decider<Command, Event, State> {
  initialState: () => State;
  /** Returns the events to append, [] when nothing needs recording; throws a DomainError when refused. */
  decide: (command: Command, state: State, now: Date) => Event[];
  evolve: (state: State, event: Event) => State;
}

export const fold = <Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: readonly Event[],
): State => events.reduce(decider.evolve, decider.initialState());

/** Compile-time exhaustiveness: a new command or event type that is not handled fails to build. */
export const unreachable = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
};

/**
 * Given/when/then for deciders, so a test reads as its sentence:
 *   given([lockedBy(alice)]).when(lockSeat(bob), at(10)).thenThrows(SeatUnavailable)
 * The history is folded with the decider's own `evolve`, exactly as a command handler does.
 * Test-only: it uses Jest's `expect` and is not exported from the library.
 */
import { type Decider, fold } from '../shared/decider';

export const givenFor =
  <Command, Event, State>(decider: Decider<Command, Event, State>) =>
  (history: readonly Event[]) => ({
    when: (command: Command, now: Date) => {
      const decide = (): Event[] => decider.decide(command, fold(decider, history), now);
      return {
        /** Strict: an `undefined` field would not survive the store's JSON, so it must not be there. */
        then: (expected: Event[]): void => expect(decide()).toStrictEqual(expected),
        thenNothing: (): void => expect(decide()).toStrictEqual([]),
        /** Returns the error, for a test that also checks its `code` or `detail`. */
        thenThrows: <E extends Error>(errorClass: abstract new (...args: never[]) => E): E => {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          return thrown as E;
        },
      };
    },
  });

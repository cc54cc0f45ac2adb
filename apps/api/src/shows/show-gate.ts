/**
 * Whether a show sells, asked of its stream (never of a read model, which may lag): lock, best
 * available and reserve ask before they write anything (409 `sales_closed` / `event_cancelled`,
 * nothing written), and ask again after a lock or a reservation was recorded, for a cancellation
 * recorded in between. Of two writers, the cancellation and a sale, the one that appends second
 * reads the other's append (each reads after its own append, and the store is linearizable), so
 * either the sale sees the cancellation and undoes itself, or the cancellation's process, which
 * reads every seat after recording the decision, finds the sale and ends it (docs/box-office.md).
 */
import { assertSelling, seatDecider, seatStream, showDecider, showStream, type ShowState } from '@tessera/domain';
import { decideAndAppend, loadStream, type CommandContext } from '../commands/decide-and-append';
import type { EventStore, Position } from '../event-store/event-store.port';

export type CancelledShow = Exclude<ShowState, { status: 'none' }> & { status: 'cancelled' };

/** Throws `sales_closed`, `event_cancelled` (or `not_found`) when no sale may start in the show now. */
export async function assertShowSelling(events: EventStore, showId: string): Promise<void> {
  assertSelling((await loadStream(events, showStream(showId), showDecider)).state, showId);
}

/** The show's state if it has been cancelled (read after a sale was recorded); undefined otherwise. */
export async function cancelledShow(events: EventStore, showId: string): Promise<CancelledShow | undefined> {
  const { state } = await loadStream(events, showStream(showId), showDecider);
  return state.status === 'cancelled' ? { ...state, status: 'cancelled' } : undefined;
}

/**
 * The second half of the rule above, for locks just recorded or handed back on `seatIds`: if the
 * show has been cancelled, they are ended again (SeatReleased `event-cancelled`; only `userId`'s
 * when given). Says whether it was cancelled, and where the last release was recorded.
 */
export async function endLocksIfShowCancelled(
  events: EventStore,
  now: () => Date,
  showId: string,
  seatIds: readonly string[],
  context: CommandContext,
  userId?: string,
): Promise<{ cancelled: boolean; position: Position | undefined }> {
  if (!(await cancelledShow(events, showId))) return { cancelled: false, position: undefined };
  let position: Position | undefined;
  for (const seatId of seatIds) {
    const data = { showId, seatId, reason: 'event-cancelled' as const, ...(userId === undefined ? {} : { userId }) };
    position = (await decideAndAppend(events, seatStream(showId, seatId), seatDecider, { type: 'EndLock', data }, now, context)).position ?? position;
  }
  return { cancelled: true, position };
}

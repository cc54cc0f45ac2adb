/**
 * Whether a show sells, asked of its stream (never of a read model, which may lag): lock, best
 * available and reserve ask before they write anything (409 `sales_closed` / `event_cancelled`,
 * nothing written), and ask again after a lock or a reservation was recorded, for a cancellation
 * recorded in between. Of two writers, the cancellation and a sale, the one that appends second
 * reads the other's append (each reads after its own append, and the store is linearizable), so
 * either the sale sees the cancellation and undoes itself, or the cancellation's process, which
 * reads every seat after recording the decision, finds the sale and ends it (docs/box-office.md).
 */
import { assertSelling, showDecider, showStream, type ShowState } from '@tessera/domain';
import { loadStream } from '../commands/decide-and-append';
import type { EventStore } from '../event-store/event-store.port';

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

/**
 * What lock and unlock share: find the seat (404 when the show or seat does not exist), run the
 * seat decider through the command loop, and answer with the seat as the decision left it.
 */
import { seatDecider, seatStream, seatView as domainSeatView, ShowCancelledError, type SeatCommand, type SeatReleased } from '@tessera/domain';
import { seatDocId, seatStatus, type SeatDoc } from '@tessera/projections';
import type { Clock } from '../clock/clock.port';
import { decideAndAppend, type CommandContext } from '../commands/decide-and-append';
import type { EventStore, Position } from '../event-store/event-store.port';
import { notFound } from '../http/problem';
import type { ReadStore } from '../read-store/read-store.port';
import { endLocksIfShowCancelled } from '../shows/show-gate';
import type { SeatView } from './seat-grid/seat-view';

export interface SeatAnswer {
  seat: SeatView;
  position: Position | undefined;
  /** The SeatReleased this command recorded, if it recorded one. */
  released?: SeatReleased['data'];
}

export async function findSeat(store: ReadStore, showId: string, seatId: string): Promise<SeatDoc> {
  const stored = await store.get<SeatDoc>('seats', seatDocId(showId, seatId));
  if (!stored) throw notFound(`There is no seat ${seatId} in this event.`);
  return stored.doc;
}

/**
 * The seats `userId` holds under a live lock at `now`, in map order, from the read model: in one
 * show, what lock, best available and more time count for MAX_SEATS_PER_USER and extend
 * (docs/decisions.md on the limit); in every show (`showId` null), what disabling the user ends.
 */
export async function liveLocksOf(store: ReadStore, showId: string | null, userId: string, now: Date): Promise<SeatDoc[]> {
  const held = await store.findBy<SeatDoc>('seats', 'holderId', userId);
  return held.filter((s) => (showId === null || s.showId === showId) && seatStatus(s, now) === 'locked').sort((a, b) => a.index - b.index);
}

export async function runSeatCommand(
  events: EventStore,
  clock: Clock,
  seat: SeatDoc,
  command: SeatCommand,
  context: CommandContext,
): Promise<SeatAnswer> {
  const decision = await decideAndAppend(events, seatStream(seat.showId, seat.seatId), seatDecider, command, () => clock.now(), context);
  const view = domainSeatView(decision.state, clock.now());
  const viewerId = context.metadata.userId;
  const released = decision.events.find((e): e is SeatReleased => e.type === 'SeatReleased');
  return {
    position: decision.position,
    released: released?.data,
    seat: {
      id: seat.seatId,
      label: seat.label,
      section: seat.section,
      row: seat.row,
      number: seat.number,
      category: seat.category,
      price: seat.price,
      accessible: seat.accessible,
      status: view.status,
      lockedBy: view.status === 'locked' ? view.holderName : null,
      lockedUntil: view.lockedUntil,
      mine: view.status !== 'available' && view.holderId === viewerId,
    },
  };
}

/**
 * After `userId`'s locks on `seats` were recorded: a cancellation of the show recorded meanwhile
 * ends them again (reason `event-cancelled`) and the caller is answered 409 `event_cancelled`, so
 * no lock taken after a cancellation was recorded is ever answered as taken (shows/show-gate.ts).
 */
export async function endLocksIfCancelled(events: EventStore, clock: Clock, showId: string, seats: readonly SeatDoc[], userId: string, context: CommandContext): Promise<void> {
  const { cancelled } = await endLocksIfShowCancelled(events, () => clock.now(), showId, seats.map((s) => s.seatId), context, userId);
  if (cancelled) throw new ShowCancelledError(showId);
}

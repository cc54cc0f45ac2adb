/**
 * The seat grid as it stood at an instant, replayed from the history: each seat's stream folded
 * with the seat-grid projection up to the instant, then read with the instant as "now" (so a lock
 * reads live or expired as it did then). An event's instant is the domain time it carries, the
 * same clock that set its lock times.
 */
import { seatsOf, seatStream, showStream, type DomainEvent, type ShowScheduled } from '@tessera/domain';
import { seatDocId, seatGridProjection, type ProjectedEvent, type SeatDoc } from '@tessera/projections';
import type { EventStore } from '../event-store/event-store.port';
import { toProjected } from '../projections/project-batch';
import { notFound } from '../http/problem';
import { seatView, type SeatView } from '../seats/seat-grid/seat-view';

/** When the decision an event records was taken (domain time), or undefined for events without one. */
export function occurredAt(event: DomainEvent): string | undefined {
  switch (event.type) {
    case 'SeatLocked':
      return event.data.lockedAt;
    case 'SeatLockExtended':
      return event.data.extendedAt;
    case 'SeatReleased':
      return event.data.releasedAt;
    case 'SeatsReserved':
      return event.data.reservedAt;
    case 'SeatBlocked':
      return event.data.blockedAt;
    case 'SeatUnblocked':
      return event.data.unblockedAt;
    case 'ShowScheduled':
      return event.data.scheduledAt;
    default:
      return undefined;
  }
}

export async function gridAsOf(events: EventStore, showId: string, asOf: Date, viewerId: string): Promise<{ eventId: string; serverTime: string; seats: SeatView[] }> {
  const show = (await events.readStream(showStream(showId))).map(toProjected).find((e): e is ProjectedEvent & ShowScheduled => e.type === 'ShowScheduled');
  if (!show) throw notFound('There is no event with this id.');
  const serverTime = asOf.toISOString();
  if (show.data.scheduledAt > serverTime) return { eventId: showId, serverTime, seats: [] };
  const seats = await Promise.all(
    seatsOf(show.data.layout).map(async ({ seatId }) => {
      const key = seatDocId(showId, seatId);
      let doc = seatGridProjection.apply(undefined, show, key) as SeatDoc;
      for (const recorded of await events.readStream(seatStream(showId, seatId))) {
        const event = toProjected(recorded);
        const at = occurredAt(event);
        if (at !== undefined && at > serverTime) break;
        doc = seatGridProjection.apply(doc, event, key) ?? doc;
      }
      return seatView(doc, asOf, viewerId);
    }),
  );
  return { eventId: showId, serverTime, seats };
}

/**
 * Stored event types and their versions: the one place that knows how each type was recorded.
 *
 * A stored history is never rewritten. When an event type's data changes shape, the new shape is
 * recorded under a new stored type name (`ShowScheduled.v2`), and events recorded under an older
 * one are upcast to the current shape as they are read, by every reader (command handlers, the
 * projections, replay, verify, time travel). The audit log shows events as stored.
 *
 * | stored type          | recorded by   | shape                                             |
 * |----------------------|---------------|---------------------------------------------------|
 * | `ShowScheduled`      | release 0.1   | `rows: [{ label, seats, price }]`                 |
 * | `ShowScheduled.v2`   | since layouts | `layout: { form, categories, sections }`          |
 * | `ReservationCancelled`    | release 0.1  | the owner's cancel: no `cancelledBy`, no reason |
 * | `ReservationCancelled.v2` | box office   | `cancelledBy: owner|admin|organiser`, `reason?`  |
 *
 * Every other type is stored under its own name, unchanged since release 0.1.
 */
import type { DomainEvent, DomainEventType } from './events';
import { layoutFromRows, type SeatRow } from './show/layout';
import type { ShowScheduled } from './show/show.events';
import type { ReservationCancelled } from './reservation/reservation.events';

/** ShowScheduled as release 0.1 recorded it. */
export interface ShowScheduledV1 {
  type: 'ShowScheduled';
  data: Omit<ShowScheduled['data'], 'layout'> & { rows: SeatRow[] };
}

/** ReservationCancelled as release 0.1 recorded it: only ever the owner's. */
export interface ReservationCancelledV1 {
  type: 'ReservationCancelled';
  data: Omit<ReservationCancelled['data'], 'cancelledBy' | 'reason'>;
}

/** The stored type name of each event type whose current version is not its first. */
const CURRENT_STORED_TYPE: Partial<Record<DomainEventType, string>> = { ShowScheduled: 'ShowScheduled.v2', ReservationCancelled: 'ReservationCancelled.v2' };

/** The name an event of this type is recorded under now. */
export const storedTypeOf = (type: string): string => CURRENT_STORED_TYPE[type as DomainEventType] ?? type;

/** Stored names of older versions, each with the step that brings its data to the current shape. */
const UPCASTERS: Record<string, (data: never) => DomainEvent> = {
  ShowScheduled: ({ rows, ...rest }: ShowScheduledV1['data']): ShowScheduled => ({ type: 'ShowScheduled', data: { ...rest, layout: layoutFromRows(rows) } }),
  'ShowScheduled.v2': (data: ShowScheduled['data']): ShowScheduled => ({ type: 'ShowScheduled', data }),
  ReservationCancelled: ({ reservationId, userId, seatIds, cancelledAt }: ReservationCancelledV1['data']): ReservationCancelled => ({
    type: 'ReservationCancelled',
    data: { reservationId, userId, seatIds, cancelledBy: 'owner', cancelledAt },
  }),
  'ReservationCancelled.v2': (data: ReservationCancelled['data']): ReservationCancelled => ({ type: 'ReservationCancelled', data }),
};

/**
 * A stored event as the current code knows it: type and data in their current shape. An event
 * of a type this code does not know is passed through as it is (projections skip it).
 */
export function upcast(storedType: string, data: unknown): DomainEvent {
  const step = Object.hasOwn(UPCASTERS, storedType) ? UPCASTERS[storedType] : undefined;
  return step ? step(data as never) : ({ type: storedType, data } as DomainEvent);
}

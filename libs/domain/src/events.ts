import type { ReservationEvent } from './reservation/reservation.events';
import type { SeatEvent } from './seat/seat.events';
import type { ShowEvent } from './show/show.events';
import type { UserEvent } from './user/user.events';

/** Every domain event the system records: a discriminated union on `type`. */
export type DomainEvent = SeatEvent | ShowEvent | ReservationEvent | UserEvent;
export type DomainEventType = DomainEvent['type'];

export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = [
  'SeatLocked',
  'SeatLockExtended',
  'SeatReleased',
  'SeatsReserved',
  'SeatBlocked',
  'SeatUnblocked',
  'ShowScheduled',
  'ShowDetailsChanged',
  'ShowSalesClosed',
  'ShowSalesOpened',
  'ShowCancelled',
  'ShowCancellationCompleted',
  'ReservationRequested',
  'ReservationConfirmed',
  'ReservationFailed',
  'ReservationCancelled',
  'ReservationSeatReleased',
  'UserRegistered',
  'UserRolesChanged',
  'UserDisabled',
  'UserEnabled',
  'UserPasswordChanged',
];

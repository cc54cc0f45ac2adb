/**
 * @tessera/domain: the pure core. Events, commands, errors and one decider per aggregate; no
 * framework, no clock, no I/O. Deciders are exported as objects (`seatDecider.decide(...)`), so
 * each aggregate's `decide`/`evolve` keep their short names inside their own file.
 */
export * from './events';
export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/ids';
export * from './shared/money';

export * from './show/layout';
export * from './show/best-available';
export * from './show/show.events';
export * from './show/show.commands';
export * from './show/show.errors';
export { showDecider, assertSelling, type ShowState } from './show/show.decider';
export * from './upcasting';

export * from './seat/seat.events';
export * from './seat/seat.commands';
export * from './seat/seat.errors';
export { seatDecider, seatView, addSeconds, isLive, type SeatState, type SeatView } from './seat/seat.decider';

export * from './reservation/reservation.events';
export * from './reservation/reservation.commands';
export * from './reservation/reservation.errors';
export { reservationDecider, reservationSummary, type ReservationState, type ReservationSummary } from './reservation/reservation.decider';

export * from './user/user.events';
export * from './user/user.commands';
export * from './user/user.errors';
export { userDecider, type UserState } from './user/user.decider';

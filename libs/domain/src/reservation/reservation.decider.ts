/**
 * A reservation's decider (stream `reservation-{id}`): the process manager's log of attempts.
 * Each attempt ends exactly once (confirmed or failed): whoever appends the outcome first at the
 * expected revision wins, and a late or repeated outcome is a no-op the caller reads from state.
 */
import { type Decider, unreachable } from '../shared/decider';
import { sumMoney } from '../shared/money';
import type {
  CancelReservation, ConfirmReservation, FailReservation, ReleaseReservationSeat, RequestReservation, ReservationCommand,
} from './reservation.commands';
import { AlreadyCancelled, IdempotencyKeyReused, ReservationNotFound } from './reservation.errors';
import type { CancelledBy, ReservationEvent, ReservationRequested } from './reservation.events';

/** The attempt as requested, plus the seats still in it (an admin may take seats out). */
interface Holding {
  request: ReservationRequested['data'];
  seatIds: string[];
  seats: string[];
  prices: string[];
}

export type ReservationState =
  | { status: 'none' }
  | ({ status: 'requested' | 'confirmed' | 'failed' } & Holding)
  | ({ status: 'cancelled'; cancelledAt: string; cancelledBy: CancelledBy; reason: string | null } & Holding);

export interface ReservationSummary {
  id: string;
  showId: string;
  showName: string;
  /** The owner's username (the box office sees it). */
  username: string;
  seatIds: string[];
  seats: string[];
  totalPrice: string;
  currency: string;
  status: 'pending' | 'confirmed' | 'failed' | 'cancelled';
  createdAt: string;
  cancelledAt: string | null;
  cancelledBy: CancelledBy | null;
  reason: string | null;
}

export const initialState = (): ReservationState => ({ status: 'none' });

export function decide(command: ReservationCommand, state: ReservationState, now: Date): ReservationEvent[] {
  switch (command.type) {
    case 'RequestReservation':
      return request(command.data, state, now);
    case 'ConfirmReservation':
      return confirm(command.data, state, now);
    case 'FailReservation':
      return fail(command.data, state, now);
    case 'CancelReservation':
      return cancel(command.data, state, now);
    case 'ReleaseReservationSeat':
      return releaseSeat(command.data, state, now);
    default:
      return unreachable(command);
  }
}

function request(cmd: RequestReservation['data'], state: ReservationState, now: Date): ReservationEvent[] {
  // A failed attempt recorded no seat, so a retry with the same key is decided afresh.
  if (state.status === 'none' || state.status === 'failed') {
    const attempt = state.status === 'none' ? 1 : state.request.attempt + 1;
    const data = { ...cmd, seatIds: [...cmd.seatIds], seats: [...cmd.seats], prices: [...cmd.prices] };
    return [{ type: 'ReservationRequested', data: { ...data, totalPrice: sumMoney(cmd.prices), attempt, requestedAt: now.toISOString() } }];
  }
  // The same request again is a retry: nothing to record, the caller answers from the state.
  if (state.request.requestHash === cmd.requestHash) return [];
  throw new IdempotencyKeyReused(cmd.reservationId);
}

const isOpenAttempt = (state: ReservationState, attempt: number): state is Extract<ReservationState, { status: 'requested' }> =>
  state.status === 'requested' && state.request.attempt === attempt;

function confirm(cmd: ConfirmReservation['data'], state: ReservationState, now: Date): ReservationEvent[] {
  if (!isOpenAttempt(state, cmd.attempt)) return [];
  return [{ type: 'ReservationConfirmed', data: { reservationId: cmd.reservationId, attempt: cmd.attempt, confirmedAt: now.toISOString() } }];
}

function fail(cmd: FailReservation['data'], state: ReservationState, now: Date): ReservationEvent[] {
  if (!isOpenAttempt(state, cmd.attempt)) return [];
  const { reservationId, attempt, conflicts, recovered } = cmd;
  return [{ type: 'ReservationFailed', data: { reservationId, attempt, conflicts: [...conflicts], recovered, failedAt: now.toISOString() } }];
}

function cancel(cmd: CancelReservation['data'], state: ReservationState, now: Date): ReservationEvent[] {
  // Attempts in flight or failed are not reservations anyone can see (nor cancel).
  const visible = state.status === 'confirmed' || state.status === 'cancelled';
  if (!visible || (cmd.cancelledBy === 'owner' && state.request.userId !== cmd.userId)) {
    throw new ReservationNotFound(cmd.reservationId, cmd.cancelledBy === 'owner' ? undefined : `There is no reservation ${cmd.reservationId}`);
  }
  if (state.status === 'cancelled') throw new AlreadyCancelled(cmd.reservationId);
  const { reservationId, cancelledBy } = cmd;
  const by = cmd.cancelledBy === 'owner' ? { cancelledBy } : { cancelledBy, reason: cmd.reason };
  return [{ type: 'ReservationCancelled', data: { reservationId, userId: state.request.userId, seatIds: [...state.seatIds], ...by, cancelledAt: now.toISOString() } }];
}

/** Only a live reservation can lose a seat; a pending one too, since its seat may already be reserved. */
function releaseSeat(cmd: ReleaseReservationSeat['data'], state: ReservationState, now: Date): ReservationEvent[] {
  const live = state.status === 'requested' || state.status === 'confirmed';
  if (!live || !state.seatIds.includes(cmd.seatId)) return [];
  return [{ type: 'ReservationSeatReleased', data: { reservationId: cmd.reservationId, seatId: cmd.seatId, releasedAt: now.toISOString() } }];
}

export function evolve(state: ReservationState, event: ReservationEvent): ReservationState {
  if (event.type === 'ReservationRequested') {
    const { seatIds, seats, prices } = event.data;
    return { status: 'requested', request: event.data, seatIds, seats, prices };
  }
  // Every other event refines an attempt; one without a request before it changes nothing.
  if (state.status === 'none') return state;
  const holding: Holding = { request: state.request, seatIds: state.seatIds, seats: state.seats, prices: state.prices };
  switch (event.type) {
    case 'ReservationConfirmed':
      return { status: 'confirmed', ...holding };
    case 'ReservationFailed':
      return { status: 'failed', ...holding };
    case 'ReservationCancelled':
      return { status: 'cancelled', cancelledAt: event.data.cancelledAt, cancelledBy: event.data.cancelledBy, reason: event.data.reason ?? null, ...holding };
    case 'ReservationSeatReleased':
      return withoutSeat(state, holding, event.data.seatId, event.data.releasedAt);
    default:
      return unreachable(event);
  }
}

/** A reservation left with no seat reads cancelled, from the moment its last seat left. */
function withoutSeat(state: Exclude<ReservationState, { status: 'none' }>, holding: Holding, seatId: string, at: string): ReservationState {
  const keep = holding.seatIds.map((_, i) => i).filter((i) => holding.seatIds[i] !== seatId);
  const rest: Holding = {
    request: holding.request,
    seatIds: keep.map((i) => holding.seatIds[i]),
    seats: keep.map((i) => holding.seats[i]),
    prices: keep.map((i) => holding.prices[i]),
  };
  // Emptied seat by seat by an admin: the box office cancelled it, with no reason of its own.
  if (rest.seatIds.length === 0) return state.status === 'cancelled' ? { ...state, ...rest } : { status: 'cancelled', cancelledAt: at, cancelledBy: 'admin', reason: null, ...rest };
  return state.status === 'cancelled' ? { ...state, ...rest } : { status: state.status, ...rest };
}

const SUMMARY_STATUS = { requested: 'pending', confirmed: 'confirmed', failed: 'failed', cancelled: 'cancelled' } as const;

/** The reservation as the HTTP answer shows it; null when the stream holds none. */
export function reservationSummary(state: ReservationState): ReservationSummary | null {
  if (state.status === 'none') return null;
  const { request } = state;
  return {
    id: request.reservationId,
    showId: request.showId,
    showName: request.showName,
    username: request.username,
    seatIds: [...state.seatIds],
    seats: [...state.seats],
    totalPrice: sumMoney(state.prices),
    currency: request.currency,
    status: SUMMARY_STATUS[state.status],
    createdAt: request.requestedAt,
    cancelledAt: state.status === 'cancelled' ? state.cancelledAt : null,
    cancelledBy: state.status === 'cancelled' ? state.cancelledBy : null,
    reason: state.status === 'cancelled' ? state.reason : null,
  };
}

export const reservationDecider: Decider<ReservationCommand, ReservationEvent, ReservationState> = { initialState, decide, evolve };

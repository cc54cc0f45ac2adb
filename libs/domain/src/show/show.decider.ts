/**
 * A show's decider (stream `show-{showId}`): what the box office may change about a show, and
 * whether it is selling. Seats are not here: each seat's stream decides who holds it; the seat
 * commands ask this state first (`assertSelling`) and the cancellation's process ends what the
 * seats still hold (docs/box-office.md).
 */
import { type Decider, unreachable } from '../shared/decider';
import type { ChangeShowDetails, ShowCommand } from './show.commands';
import { SalesClosed, ShowCancelledError, ShowNotFound } from './show.errors';
import type { ShowEvent } from './show.events';

export type ShowState =
  | { status: 'none' }
  | {
      status: 'scheduled' | 'cancelled';
      showId: string;
      name: string;
      venue: string;
      startsAt: string;
      salesOpen: boolean;
      /** Set once cancelled: the organiser's reason, which every cancelled reservation carries. */
      cancelReason: string | null;
      /** The cancellation's process has finished (ShowCancellationCompleted). */
      cancellationCompleted: boolean;
    };

type Scheduled = Exclude<ShowState, { status: 'none' }>;

export const initialState = (): ShowState => ({ status: 'none' });

/** Throws when a lock, best available or reservation may not be taken in this show now. */
export function assertSelling(state: ShowState, showId: string): void {
  if (state.status === 'none') throw new ShowNotFound(showId);
  if (state.status === 'cancelled') throw new ShowCancelledError(showId);
  if (!state.salesOpen) throw new SalesClosed(showId);
}

export function decide(command: ShowCommand, state: ShowState, now: Date): ShowEvent[] {
  if (state.status === 'none') throw new ShowNotFound(command.data.showId);
  const at = now.toISOString();
  if (command.type === 'CompleteCancellation') {
    if (state.status !== 'cancelled' || state.cancellationCompleted) return [];
    return [{ type: 'ShowCancellationCompleted', data: { showId: command.data.showId, completedAt: at } }];
  }
  if (state.status === 'cancelled') throw new ShowCancelledError(command.data.showId);
  switch (command.type) {
    case 'ChangeShowDetails':
      return changeDetails(command.data, state, at);
    case 'SetSalesOpen': {
      const { showId, open } = command.data;
      if (open === state.salesOpen) return [];
      return [open ? { type: 'ShowSalesOpened', data: { showId, openedAt: at } } : { type: 'ShowSalesClosed', data: { showId, closedAt: at } }];
    }
    case 'CancelShow':
      return [{ type: 'ShowCancelled', data: { showId: command.data.showId, reason: command.data.reason, cancelledAt: at } }];
    default:
      return unreachable(command);
  }
}

function changeDetails(cmd: ChangeShowDetails['data'], state: Scheduled, at: string): ShowEvent[] {
  const changed: { name?: string; venue?: string; startsAt?: string } = {};
  if (cmd.name !== undefined && cmd.name !== state.name) changed.name = cmd.name;
  if (cmd.venue !== undefined && cmd.venue !== state.venue) changed.venue = cmd.venue;
  if (cmd.startsAt !== undefined && cmd.startsAt !== state.startsAt) changed.startsAt = cmd.startsAt;
  if (!Object.keys(changed).length) return [];
  return [{ type: 'ShowDetailsChanged', data: { showId: cmd.showId, ...changed, changedAt: at } }];
}

export function evolve(state: ShowState, event: ShowEvent): ShowState {
  if (event.type === 'ShowScheduled') {
    const { showId, name, venue, startsAt } = event.data;
    return { status: 'scheduled', showId, name, venue, startsAt, salesOpen: true, cancelReason: null, cancellationCompleted: false };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ShowDetailsChanged': {
      const { name = state.name, venue = state.venue, startsAt = state.startsAt } = event.data;
      return { ...state, name, venue, startsAt };
    }
    case 'ShowSalesClosed':
      return { ...state, salesOpen: false };
    case 'ShowSalesOpened':
      return { ...state, salesOpen: true };
    case 'ShowCancelled':
      return { ...state, status: 'cancelled', salesOpen: false, cancelReason: event.data.reason };
    case 'ShowCancellationCompleted':
      return { ...state, cancellationCompleted: true };
    default:
      return unreachable(event);
  }
}

export const showDecider: Decider<ShowCommand, ShowEvent, ShowState> = { initialState, decide, evolve };

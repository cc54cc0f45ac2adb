/** Facts recorded in a show's stream (`show-{showId}`). A show's seats follow from its layout (layout.ts). */
import type { Layout } from './layout';

export interface ShowScheduled {
  type: 'ShowScheduled';
  data: {
    showId: string;
    name: string;
    venue: string;
    startsAt: string;
    currency: string;
    layout: Layout;
    scheduledAt: string;
  };
}

/** The box office changed what the public sees of the show: only the fields given changed. */
export interface ShowDetailsChanged {
  type: 'ShowDetailsChanged';
  data: { showId: string; name?: string; venue?: string; startsAt?: string; changedAt: string };
}

/** No lock, best available or reservation until sales reopen; holds taken before run out as usual. */
export interface ShowSalesClosed {
  type: 'ShowSalesClosed';
  data: { showId: string; closedAt: string };
}

export interface ShowSalesOpened {
  type: 'ShowSalesOpened';
  data: { showId: string; openedAt: string };
}

/**
 * The show is cancelled for good: the decision, recorded before its consequences (every live lock
 * ended, every reservation cancelled by the organiser with this reason), which a process carries
 * out afterwards and finishes after a crash (docs/box-office.md).
 */
export interface ShowCancelled {
  type: 'ShowCancelled';
  data: { showId: string; reason: string; cancelledAt: string };
}

/**
 * The cancellation's process has ended every lock and cancelled every reservation it found in the
 * seats' streams; a show cancelled without this event is finished by recovery.
 */
export interface ShowCancellationCompleted {
  type: 'ShowCancellationCompleted';
  data: { showId: string; completedAt: string };
}

export type ShowEvent = ShowScheduled | ShowDetailsChanged | ShowSalesClosed | ShowSalesOpened | ShowCancelled | ShowCancellationCompleted;

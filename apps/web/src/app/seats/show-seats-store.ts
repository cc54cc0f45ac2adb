// State of one show's seat map page: the seats as last read (polled with If-None-Match), the
// person's own actions (lock, release, reserve), the messages they produce, and one ticker that
// drives the held-seat countdowns. Provided by the page, so it lives and dies with it.
import { formatDate } from '@angular/common';
import { DestroyRef, Injectable, computed, effect, inject, linkedSignal, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { EMPTY, Observable, Subject, catchError, defer, switchMap, tap } from 'rxjs';
import { formatMoney, sumMoney } from '../api/money';
import { Problem, problemSentence, toProblem } from '../api/problem';
import { randomUuid } from '../api/random-uuid';
import { Reservation, ReservationsApi } from '../api/reservations-api';
import { HoldsApi, Seat, SeatGridAnswer, SeatsApi } from '../api/seats-api';
import { ServerClock } from '../api/server-clock';
import { SaleState, ShowDetail, ShowsApi, isLayoutEvent, saleState } from '../api/shows-api';
import { SessionStore } from '../session/session-store';
import { delayToNextTick, formatCountdown, latestPassedDeadline, nextDeadline } from './countdown';
import { GridView, MapLayout, PriceBand, buildGridView, categoryBands, mapLayoutOf, priceBands } from './grid-view';
import { PageVisibility } from './page-visibility';
import { pollTriggers } from './poll-triggers';
import { lockFailureMessage, moreTimeMessage, noSeatsFoundMessage, notForSaleMessage, reservationConfirmedMessage, reserveFailureMessage, saleStateMessage, seatsFoundMessage, unlockFailureMessage } from './seat-messages';
import { lockDeadline, seatState } from './seat-state';

export interface Notice {
  readonly kind: 'success' | 'error' | 'info';
  readonly text: string;
}

export interface HeldSeat {
  readonly id: string;
  readonly label: string;
  /** The section's key. */
  readonly section: string;
  readonly price: string;
  readonly deadline: number;
}

export interface HeldSeatCountdown {
  readonly id: string;
  readonly label: string;
  readonly price: string;
  readonly countdown: string;
}

@Injectable()
export class ShowSeatsStore {
  private readonly seatsApi = inject(SeatsApi);
  private readonly holdsApi = inject(HoldsApi);
  private readonly showsApi = inject(ShowsApi);
  private readonly reservationsApi = inject(ReservationsApi);
  private readonly clock = inject(ServerClock);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly visibility = inject(PageVisibility);
  private readonly destroyRef = inject(DestroyRef);

  private showId = '';
  private etag: string | null = null;
  private readonly refresh$ = new Subject<void>();
  private readonly pending = new Set<string>();
  private tickTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly seats = signal<readonly Seat[] | null>(null);
  private readonly conflictIds = signal<ReadonlySet<string>>(new Set());

  readonly show = signal<ShowDetail | null>(null);
  readonly loadError = signal<string | null>(null);
  readonly pollError = signal<string | null>(null);
  readonly notice = signal<Notice | null>(null);
  readonly reserving = signal(false);
  /** A "Find seats" request is under way. */
  readonly finding = signal(false);
  /** A "More time" request is under way. */
  readonly extending = signal(false);
  /** The seats found by the last "Find seats", for the page to bring them into view. */
  readonly found = signal<readonly string[]>([]);
  /** The held seats (their ids) the server last said were at their ceiling; "More time" says so while they are the ones held. */
  private readonly ceilingFor = signal<string | null>(null);

  /** The server's time, beating once a second (or on the second boundaries of held seats). */
  readonly now = signal(this.clock.now());

  private readonly currency = computed(() => this.show()?.currency ?? '');
  private readonly sortedDeadlines = computed(() => sortedLockDeadlines(this.seats() ?? []));
  /** Moves only when some lock ends; everything per seat depends on this, not on `now`. */
  private readonly expiryClock = computed(() => latestPassedDeadline(this.sortedDeadlines(), this.now()));

  readonly grid = linkedSignal<GridSource | null, GridView | null>({
    source: () => {
      const seats = this.seats();
      const show = this.show();
      if (seats === null || show === null) {
        return null;
      }
      const section = this.openSection();
      const overview = this.overview();
      return {
        seats: overview ? (section === null ? [] : seats.filter((s) => s.section === section)) : seats,
        layout: this.layout()!,
        currency: this.currency(),
        serverNowMs: this.expiryClock(),
        conflicts: this.conflictIds(),
      };
    },
    computation: (source, previous) => (source === null ? null : buildGridView(source, previous?.value ?? undefined)),
  });

  /** Computed once per event read, not per poll. */
  private readonly layout = computed(() => {
    const show = this.show();
    return show ? mapLayoutOf(show) : null;
  });

  /**
   * The height the seat map will take, known from the event before its seats arrive: kept by the
   * loading placeholder and by the map while it grows, so that nothing below it moves (layout shift).
   * A row is 2rem; a section's name 2.25rem; the stage 2.5rem; at most 75vh, the map's own limit.
   */
  readonly mapHeight = computed(() => {
    const show = this.show();
    if (!show) return null;
    const open = this.openSection();
    const sections = this.overview() && open !== null ? show.sections.filter((s) => s.key === open) : show.sections;
    const rows = sections.reduce((n, s) => n + s.rows.length, 0);
    const named = isLayoutEvent(show);
    const rem = rows * 2 + (named ? sections.length * 2.25 + 2.5 : 0) + 0.75;
    return `min(75vh, ${rem}rem)`;
  });

  /**
   * A venue too big for one screen (a layout event of more than OVERVIEW_SEATS seats in several
   * sections) opens on an overview of its sections; a section opens to its seats (ui.md).
   */
  readonly overview = computed(() => {
    const show = this.show();
    return show !== null && isLayoutEvent(show) && show.sections.length > 1 && show.seatCount > OVERVIEW_SEATS;
  });
  /** The section shown in full, in a venue with an overview; null: the overview. */
  readonly openSection = signal<string | null>(null);

  /** The overview's sections: seats available now and prices, computed from the grid as it was last read. */
  readonly sectionSummaries = computed<readonly SectionSummary[]>(() => {
    const show = this.show();
    if (!show || !this.overview()) return [];
    const now = this.expiryClock();
    const counts = new Map<string, { seats: number; available: number; low: number; high: number }>();
    for (const seat of this.seats() ?? []) {
      const c = counts.get(seat.section) ?? { seats: 0, available: 0, low: Infinity, high: 0 };
      c.seats++;
      if (seatState(seat, now) === 'available') c.available++;
      c.low = Math.min(c.low, Number(seat.price));
      c.high = Math.max(c.high, Number(seat.price));
      counts.set(seat.section, c);
    }
    return show.sections.map((s) => {
      const c = counts.get(s.key) ?? { seats: 0, available: 0, low: 0, high: 0 };
      const price = c.low === c.high ? c.low.toFixed(2) : `${c.low.toFixed(2)}–${c.high.toFixed(2)}`;
      return { key: s.key, name: s.name, seats: c.seats, available: c.available, price: formatMoney(price, show.currency) };
    });
  });

  /** Whether seats can be bought now: as the event was read, corrected by what the server answers an action. */
  readonly saleState = computed<SaleState>(() => {
    const show = this.show();
    return show ? saleState(show) : 'open';
  });
  /** What the page says about an event not on sale (cancelled, or sales closed); null while on sale. */
  readonly saleStateMessage = computed(() => saleStateMessage(this.saleState()));

  /** An event described as sections and categories (its categories have names, not just prices). */
  readonly layoutEvent = computed(() => {
    const show = this.show();
    return show !== null && isLayoutEvent(show);
  });
  readonly hasWheelchairSpaces = computed(() => this.show()?.sections.some((s) => s.rows.some((r) => r.accessible.length > 0)) ?? false);

  /** The legend's prices: rows of a price in a simple-form event, each category in a layout event. */
  readonly priceBands = computed<readonly PriceBand[]>(() => {
    const show = this.show();
    if (!show) return [];
    return show.rows ? priceBands(show.rows, show.currency) : categoryBands(show);
  });

  /** Section names by key in a layout event; null in a simple-form one, whose labels ("A1") say it all. */
  private readonly sectionNames = computed(() => {
    const show = this.show();
    return show && isLayoutEvent(show) ? new Map(show.sections.map((s) => [s.key, s.name])) : null;
  });

  /** How a seat is named in the panel and in messages: "Stalls 1-8" in a layout event, where "1-8" may be a seat of several sections; "A1" in a simple-form one. */
  private seatName(seat: { readonly section: string; readonly label: string }): string {
    const sections = this.sectionNames();
    return sections ? `${sections.get(seat.section) ?? seat.section} ${seat.label}` : seat.label;
  }

  readonly held = computed<readonly HeldSeat[]>(() => heldSeats(this.seats() ?? [], this.expiryClock()));

  /** The only reader of the ticking clock besides `expiryClock`: the side panel's countdowns. */
  readonly heldCountdowns = computed<readonly HeldSeatCountdown[]>(() => {
    const now = this.now();
    const currency = this.currency();
    return this.held().map((seat) => ({
      id: seat.id,
      label: this.seatName(seat),
      price: formatMoney(seat.price, currency),
      countdown: formatCountdown(seat.deadline - now),
    }));
  });

  /** Every seat held is at its ceiling: "More time" says so instead of asking again. */
  readonly atCeiling = computed(() => {
    const held = this.held();
    return held.length > 0 && this.ceilingFor() === held.map((seat) => seat.id).join(' ');
  });

  readonly heldTotal = computed(() => formatMoney(sumMoney(this.held().map((seat) => seat.price)), this.currency()));

  constructor() {
    this.destroyRef.onDestroy(() => clearTimeout(this.tickTimer));
    // Logging in or out changes what the grid says ("locked by you", holders' names): read it again.
    let previousUser: string | null | undefined;
    effect(() => {
      const user = this.session.user()?.username ?? null;
      if (previousUser !== undefined && user !== previousUser) {
        untracked(() => this.refresh$.next());
      }
      previousUser = user;
    });
  }

  start(showId: string): void {
    this.showId = showId;
    this.readShow();
    const subscription = pollTriggers(this.visibility.visible$, this.refresh$)
      .pipe(switchMap(() => this.readGrid()))
      .subscribe();
    this.destroyRef.onDestroy(() => subscription.unsubscribe());
    this.tick();
  }

  /** A click, Enter or Space on a seat: hold it, release it, or say why not. */
  toggle(seatId: string): void {
    const seat = this.seats()?.find((candidate) => candidate.id === seatId);
    if (!seat || this.pending.has(seatId)) {
      return;
    }
    if (this.saleState() === 'cancelled') {
      // For good: nothing to ask the server (and nobody to send to the login page).
      this.notice.set({ kind: 'error', text: saleStateMessage('cancelled')! });
      return;
    }
    if (!this.session.loggedIn()) {
      void this.router.navigate(['/login'], { queryParams: { returnUrl: this.router.url } });
      return;
    }
    switch (seatState(seat, this.clock.now())) {
      case 'held-by-me':
        this.release(seat);
        return;
      case 'reserved-by-me':
        this.notice.set({ kind: 'info', text: `${seat.label} is already yours; it is in My reservations.` });
        return;
      case 'reserved':
        this.notice.set({ kind: 'error', text: `${seat.label} is already reserved. Pick another seat.` });
        return;
      case 'blocked':
        this.notice.set({ kind: 'error', text: notForSaleMessage(seat.label) });
        return;
      case 'available':
      case 'held-by-other':
        this.hold(seat);
        return;
    }
  }

  reserve(): void {
    const held = this.held();
    if (held.length === 0 || this.reserving()) {
      return;
    }
    this.reserving.set(true);
    this.notice.set(null);
    this.conflictIds.set(new Set());
    const seatIds = held.map((seat) => seat.id);
    const names = new Map(held.map((seat) => [seat.id, this.seatName(seat)]));
    this.reservationsApi.reserve(this.showId, seatIds, randomUuid()).subscribe({
      next: (reservation) => {
        this.markReserved(reservation);
        this.notice.set({ kind: 'success', text: reservationConfirmedMessage(reservation, names) });
        this.reserving.set(false);
        this.afterAction();
      },
      error: (error: unknown) => {
        const problem = toProblem(error);
        if (!this.handledAsLoggedOut(problem)) {
          this.learnSaleState(problem);
          this.notice.set({ kind: 'error', text: reserveFailureMessage(problem) });
          this.conflictIds.set(new Set(problem.conflicts.map((conflict) => conflict.seatId)));
        }
        this.reserving.set(false);
        this.afterAction();
      },
    });
  }

  /** "Find seats": the server chooses `count` seats (of a category, with a wheelchair place) and holds them. */
  findSeats(count: number, category: string | null, wheelchair: boolean): void {
    if (this.finding()) return;
    if (!this.session.loggedIn()) {
      void this.router.navigate(['/login'], { queryParams: { returnUrl: this.router.url } });
      return;
    }
    this.finding.set(true);
    this.notice.set(null);
    this.conflictIds.set(new Set());
    const request = { count, ...(category ? { category } : {}), ...(wheelchair ? { accessible: 1 } : {}) };
    this.holdsApi.bestAvailable(this.showId, request).subscribe({
      next: ({ seats }) => {
        for (const seat of seats) this.replaceSeat(seat);
        if (this.overview() && seats.length) this.openSection.set(seats[0].section);
        this.found.set(seats.map((seat) => seat.id));
        this.notice.set({ kind: 'success', text: seatsFoundMessage(seats.map((seat) => this.seatName(seat))) });
        if (this.saleState() !== 'open') this.readShow();
        this.finding.set(false);
        this.afterAction();
      },
      error: (error: unknown) => {
        const problem = toProblem(error);
        if (!this.handledAsLoggedOut(problem)) {
          this.learnSaleState(problem);
          const name = category ? (this.show()?.categories.find((c) => c.key === category)?.name ?? category) : null;
          this.notice.set({ kind: 'error', text: problem.code === 'not_enough_seats' ? noSeatsFoundMessage(count, name, wheelchair) : problemSentence(problem) });
        }
        this.finding.set(false);
        this.afterAction();
      },
    });
  }

  /** "More time": every seat held runs again for the lock lifetime, up to the ceiling. */
  moreTime(): void {
    if (this.extending() || this.held().length === 0) return;
    this.extending.set(true);
    this.notice.set(null);
    this.holdsApi.extend(this.showId).subscribe({
      next: (seats) => {
        for (const seat of seats) this.replaceSeat(seat);
        const ends = this.held().map((seat) => seat.deadline).filter(Number.isFinite);
        if (ends.length) {
          // The earliest end, on the browser's clock, as the person reads the time.
          const until = Math.min(...ends) - (this.clock.offsetMs() ?? 0);
          this.notice.set({ kind: 'info', text: moreTimeMessage(formatDate(until, 'HH:mm', 'en-US')) });
        }
        this.extending.set(false);
        this.afterAction();
      },
      error: (error: unknown) => {
        const problem = toProblem(error);
        if (!this.handledAsLoggedOut(problem)) {
          if (problem.code === 'hold_cap_reached') this.ceilingFor.set(this.held().map((seat) => seat.id).join(' '));
          this.notice.set({ kind: problem.code === 'hold_cap_reached' ? 'info' : 'error', text: problemSentence(problem) });
        }
        this.extending.set(false);
        this.afterAction();
      },
    });
  }

  private hold(seat: Seat): void {
    this.pending.add(seat.id);
    this.notice.set(null);
    this.conflictIds.set(new Set());
    this.seatsApi.lock(this.showId, seat.id).subscribe({
      next: (updated) => {
        this.replaceSeat(updated);
        // Held although the page believed sales closed: they were reopened since it read the event.
        if (this.saleState() !== 'open') this.readShow();
        this.afterAction(seat.id);
      },
      error: (error: unknown) => {
        const problem = toProblem(error);
        if (!this.handledAsLoggedOut(problem)) {
          this.learnSaleState(problem);
          this.notice.set({ kind: 'error', text: lockFailureMessage(problem, seat.label) });
          if (problem.code === 'seat_unavailable') {
            this.conflictIds.set(new Set([seat.id]));
          }
        }
        this.afterAction(seat.id);
      },
    });
  }

  private release(seat: Seat): void {
    this.pending.add(seat.id);
    this.notice.set(null);
    this.conflictIds.set(new Set());
    this.seatsApi.unlock(this.showId, seat.id).subscribe({
      next: (updated) => {
        this.replaceSeat(updated);
        this.afterAction(seat.id);
      },
      error: (error: unknown) => {
        const problem = toProblem(error);
        if (!this.handledAsLoggedOut(problem)) {
          this.notice.set({ kind: 'error', text: unlockFailureMessage(problem, seat.label) });
        }
        this.afterAction(seat.id);
      },
    });
  }

  private readShow(): void {
    this.showsApi.get(this.showId).subscribe({
      next: (show) => this.show.set(show),
      error: (error: unknown) => {
        if (this.show() !== null) return;
        const problem = toProblem(error);
        this.loadError.set(problem.code === 'not_found' ? 'This event does not exist (any more).' : problemSentence(problem));
      },
    });
  }

  /** A refusal that says the event is not on sale (closed or cancelled since the page read it): the page says so from now on. */
  private learnSaleState(problem: Problem): void {
    const show = this.show();
    if (!show) return;
    if (problem.code === 'event_cancelled' && show.status !== 'cancelled') {
      this.show.set({ ...show, status: 'cancelled', salesOpen: false });
    } else if (problem.code === 'sales_closed' && show.salesOpen !== false) {
      this.show.set({ ...show, salesOpen: false });
    }
  }

  /** After the person's own action: read the grid at once (cancelling a poll already under way). */
  private afterAction(seatId?: string): void {
    if (seatId !== undefined) {
      this.pending.delete(seatId);
    }
    this.tick();
    this.refresh$.next();
  }

  private handledAsLoggedOut(problem: Problem): boolean {
    if (problem.status !== 401) {
      return false;
    }
    this.session.forget();
    this.notice.set({ kind: 'error', text: 'Your session has ended. Log in again to hold seats.' });
    void this.router.navigate(['/login'], { queryParams: { returnUrl: this.router.url } });
    return true;
  }

  private readGrid(): Observable<unknown> {
    return defer(() => {
      const sentAt = this.clock.browserNow();
      return this.seatsApi.grid(this.showId, this.etag).pipe(
        tap((answer) => this.applyGrid(answer, sentAt, this.clock.browserNow())),
        catchError((error: unknown) => {
          this.pollError.set(problemSentence(toProblem(error)));
          return EMPTY;
        }),
      );
    });
  }

  private applyGrid(answer: SeatGridAnswer, sentAt: number, receivedAt: number): void {
    this.pollError.set(null);
    this.etag = answer.etag;
    if (answer.changed) {
      this.clock.syncFromServerTime(answer.snapshot.serverTime, sentAt, receivedAt);
      this.seats.set(answer.snapshot.seats);
    } else {
      this.clock.syncFromDateHeader(answer.date, receivedAt);
      if (this.seats() === null) {
        // A 304 before any body (the ETag outlived the page); read again without it.
        this.etag = null;
        this.refresh$.next();
      }
    }
    this.tick();
  }

  private replaceSeat(updated: Seat): void {
    this.seats.update((seats) => seats?.map((seat) => (seat.id === updated.id ? updated : seat)) ?? null);
  }

  private markReserved(reservation: Reservation): void {
    const reserved = new Set(reservation.seatIds);
    this.seats.update(
      (seats) =>
        seats?.map((seat) =>
          reserved.has(seat.id) ? { ...seat, status: 'reserved', mine: true, lockedBy: null, lockedUntil: null } : seat,
        ) ?? null,
    );
  }

  /** One beat of the ticker; it reschedules itself for the next moment a countdown changes. */
  private tick(): void {
    clearTimeout(this.tickTimer);
    const now = this.clock.now();
    this.now.set(now);
    const held = untracked(() => this.held()).map((seat) => seat.deadline);
    const nextLockEnd = nextDeadline(untracked(() => this.sortedDeadlines()), now);
    this.tickTimer = setTimeout(() => this.tick(), delayToNextTick(held, now, nextLockEnd));
  }
}

export interface SectionSummary {
  readonly key: string;
  readonly name: string;
  readonly seats: number;
  readonly available: number;
  /** "60.00 EUR", or "35.00–60.00 EUR" for a section of several categories. */
  readonly price: string;
}

/** Above this many seats, a layout event opens on its sections' overview. */
const OVERVIEW_SEATS = 1500;

interface GridSource {
  readonly seats: readonly Seat[];
  readonly layout: MapLayout;
  readonly currency: string;
  readonly serverNowMs: number;
  readonly conflicts: ReadonlySet<string>;
}

export function sortedLockDeadlines(seats: readonly Seat[]): number[] {
  const deadlines: number[] = [];
  for (const seat of seats) {
    const deadline = lockDeadline(seat);
    if (deadline !== null) {
      deadlines.push(deadline);
    }
  }
  return deadlines.sort((a, b) => a - b);
}

/** The caller's live locks, in map order. */
export function heldSeats(seats: readonly Seat[], serverNowMs: number): HeldSeat[] {
  const held: HeldSeat[] = [];
  for (const seat of seats) {
    if (seatState(seat, serverNowMs) === 'held-by-me') {
      held.push({ id: seat.id, label: seat.label, section: seat.section, price: seat.price, deadline: lockDeadline(seat) ?? Number.POSITIVE_INFINITY });
    }
  }
  return held;
}

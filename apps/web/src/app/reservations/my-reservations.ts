// Route /reservations: the logged-in person's reservations, newest first, with a confirmed cancel.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, inject, signal, viewChild } from '@angular/core';
import { formatMoney } from '../api/money';
import { problemSentence, toProblem } from '../api/problem';
import { Reservation, ReservationsApi } from '../api/reservations-api';
import { cancellationNote } from './cancellation-note';

@Component({
  selector: 'app-my-reservations',
  imports: [DatePipe],
  templateUrl: './my-reservations.html',
  styleUrl: './my-reservations.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyReservations {
  private readonly api = inject(ReservationsApi);
  private readonly injector = inject(Injector);
  private readonly confirmButton = viewChild<ElementRef<HTMLButtonElement>>('confirmCancel');

  protected readonly reservations = signal<readonly Reservation[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly confirmingId = signal<string | null>(null);
  protected readonly cancellingId = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  /** Who cancelled and why, when it was not the owner. */
  protected readonly cancellationNote = cancellationNote;

  constructor() {
    this.api.list().subscribe({
      next: (reservations) => this.reservations.set(reservations),
      error: (error: unknown) => this.loadError.set(problemSentence(toProblem(error))),
    });
  }

  protected seatList(reservation: Reservation): string {
    return reservation.seats.join(', ');
  }

  protected total(reservation: Reservation): string {
    return formatMoney(reservation.totalPrice, reservation.currency);
  }

  /** First step of "Cancel": ask, and put the focus on the answer. */
  protected askToCancel(reservation: Reservation): void {
    this.error.set(null);
    this.notice.set(null);
    this.confirmingId.set(reservation.id);
    afterNextRender(() => this.confirmButton()?.nativeElement.focus(), { injector: this.injector });
  }

  protected keep(): void {
    this.confirmingId.set(null);
  }

  protected cancel(reservation: Reservation): void {
    this.cancellingId.set(reservation.id);
    this.api.cancel(reservation.id).subscribe({
      next: (cancelled) => {
        this.replace(cancelled);
        this.finishCancel();
        this.notice.set(`Reservation cancelled: ${this.seatList(cancelled)}. The seats are available again.`);
      },
      error: (error: unknown) => {
        const problem = toProblem(error);
        if (problem.code === 'already_cancelled') {
          this.replace({ ...reservation, status: 'cancelled' });
        }
        this.finishCancel();
        this.error.set(problemSentence(problem));
      },
    });
  }

  private finishCancel(): void {
    this.cancellingId.set(null);
    this.confirmingId.set(null);
  }

  private replace(updated: Reservation): void {
    this.reservations.update((list) => list?.map((item) => (item.id === updated.id ? updated : item)) ?? null);
  }
}

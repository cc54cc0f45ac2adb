// One seat's timeline: every entry of its stream, oldest first, with time, type, reason and user.
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { problemSentence, toProblem } from '../api/problem';
import { SeatsApi } from '../api/seats-api';
import { ShowSummary } from '../api/shows-api';
import { AuditApi } from './audit-api';
import { entryInstant, entryReason, entryUser, formatInstant } from './audit-entries';
import { seatIdFor, seatLabelOf } from './seat-lookup';

export interface TimelineItem {
  readonly position: string;
  readonly instant: string;
  readonly type: string;
  readonly reason: string | null;
  readonly user: string;
  /** Who acted, when not the user the event names (an admin's release, the expiry sweeper). */
  readonly actor: string | null;
}

export interface SeatRef {
  readonly showId: string;
  readonly seatId: string;
}

@Component({
  selector: 'app-seat-timeline',
  templateUrl: './seat-timeline.html',
  styleUrls: ['../admin/admin-forms.css', './seat-timeline.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SeatTimeline {
  private readonly api = inject(AuditApi);
  private readonly seatsApi = inject(SeatsApi);

  readonly shows = input<readonly ShowSummary[]>([]);
  /** A seat picked elsewhere (on the time slider's map): its timeline is shown at once. */
  readonly request = input<SeatRef | null>(null);

  protected readonly showId = signal('');
  protected readonly seat = signal('');
  protected readonly items = signal<readonly TimelineItem[] | null>(null);
  protected readonly shown = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly formatInstant = formatInstant;

  constructor() {
    effect(() => {
      const request = this.request();
      if (request) {
        untracked(() => void this.load(request.showId, request.seatId, true));
      }
    });
  }

  protected set(field: 'showId' | 'seat', event: Event): void {
    this[field].set((event.target as HTMLInputElement | HTMLSelectElement).value);
  }

  protected submit(event: Event): void {
    event.preventDefault();
    void this.load(this.showId(), this.seat(), false);
  }

  private async load(showId: string, seat: string, isId: boolean): Promise<void> {
    if (!showId || !seat.trim()) {
      this.error.set('Choose an event and a seat first.');
      return;
    }
    this.showId.set(showId);
    this.loading.set(true);
    this.error.set(null);
    try {
      const answer = await firstValueFrom(this.seatsApi.grid(showId, null));
      const seats = answer.changed ? answer.snapshot.seats : [];
      const seatId = isId ? seat : seatIdFor(seats, seat);
      const label = seatLabelOf(seats, seatId);
      this.seat.set(label);
      const entries = await firstValueFrom(this.api.seatHistory(showId, seatId));
      this.items.set(
        entries.map((entry) => {
          const user = entryUser(entry);
          const actor = entry.metadata.userId;
          return {
            position: entry.position,
            instant: entryInstant(entry),
            type: entry.type,
            reason: entryReason(entry),
            user,
            actor: actor !== user && actor !== entry.data['userId'] ? actor : null,
          };
        }),
      );
      const show = this.shows().find((candidate) => candidate.id === showId);
      this.shown.set(`${label}${show ? ` of ${show.name}` : ''}`);
    } catch (error: unknown) {
      this.items.set(null);
      this.shown.set(null);
      this.error.set(problemSentence(toProblem(error)));
    } finally {
      this.loading.set(false);
    }
  }
}

// Release a seat as an admin: pick an event, then a seat (typed, or clicked on its map), release it.
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { problemSentence, toProblem } from '../api/problem';
import { Seat, SeatsApi } from '../api/seats-api';
import { ShowDetail, ShowSummary, ShowsApi } from '../api/shows-api';
import { SeatMapView } from '../audit/seat-map-view';
import { snapshotGrid } from '../audit/snapshot-grid';
import { GridView, SeatView } from '../seats/grid-view';
import { AdminApi } from './admin-api';

@Component({
  selector: 'app-release-seat',
  imports: [SeatMapView],
  templateUrl: './release-seat.html',
  styleUrls: ['./admin-forms.css', './release-seat.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReleaseSeat {
  private readonly admin = inject(AdminApi);
  private readonly showsApi = inject(ShowsApi);
  private readonly seatsApi = inject(SeatsApi);

  readonly shows = input<readonly ShowSummary[]>([]);

  protected readonly showId = signal('');
  protected readonly seatId = signal('');
  protected readonly show = signal<ShowDetail | null>(null);
  protected readonly grid = signal<GridView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly result = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);

  /** The seat the typed label (or id) names on the loaded map. */
  private readonly chosen = computed<SeatView | null>(() => {
    const text = this.seatId().trim().toUpperCase();
    const grid = this.grid();
    if (!text || !grid) {
      return null;
    }
    return grid.byId.get(text) ?? [...grid.byId.values()].find((seat) => seat.label === text) ?? null;
  });

  /** What the map says about the chosen seat, e.g. "Row A, seat 1, locked by alice, 50.00 EUR". */
  protected readonly chosenSeat = computed(() => this.chosen()?.description ?? null);

  protected async chooseShow(event: Event): Promise<void> {
    const showId = (event.target as HTMLSelectElement).value;
    this.showId.set(showId);
    this.result.set(null);
    this.error.set(null);
    this.grid.set(null);
    await this.loadMap(showId);
  }

  protected setSeat(event: Event): void {
    this.seatId.set((event.target as HTMLInputElement).value);
  }

  protected pick(seatId: string): void {
    this.seatId.set(this.grid()?.byId.get(seatId)?.label ?? seatId);
    this.result.set(null);
  }

  protected async release(event: Event): Promise<void> {
    event.preventDefault();
    const showId = this.showId();
    const chosen = this.chosen();
    // Ids come from the server's answers; a label the map does not know is sent as typed (404).
    const seatId = chosen?.id ?? this.seatId().trim();
    if (!showId || !seatId) {
      this.error.set('Choose an event and a seat first.');
      return;
    }
    const before = chosen?.state;
    this.busy.set(true);
    this.error.set(null);
    this.result.set(null);
    try {
      const seat = await firstValueFrom(this.admin.releaseSeat(showId, seatId));
      this.result.set(releaseSentence(seat, before === 'available'));
      await this.loadMap(showId);
    } catch (error: unknown) {
      this.error.set(problemSentence(toProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }

  /** The map of the event; after a release the old map stays until the new one is in (the focus stays on its seat). */
  private async loadMap(showId: string): Promise<void> {
    this.loadError.set(null);
    if (!showId) {
      this.show.set(null);
      return;
    }
    try {
      const [show, answer] = await Promise.all([
        firstValueFrom(this.showsApi.get(showId)),
        firstValueFrom(this.seatsApi.grid(showId, null)),
      ]);
      if (this.showId() !== showId) {
        return;
      }
      this.show.set(show);
      this.grid.set(answer.changed ? snapshotGrid(answer.snapshot, show, this.grid() ?? undefined) : null);
    } catch (error: unknown) {
      if (this.showId() === showId) {
        this.loadError.set(problemSentence(toProblem(error)));
      }
    }
  }
}

/** The answer is the seat after the release: available (a free seat is answered as it is, nothing recorded). */
export function releaseSentence(seat: Seat, wasFree: boolean): string {
  if (wasFree && seat.status === 'available') {
    return `${seat.label} was already available; nothing was recorded.`;
  }
  return `${seat.label} released: it is ${seat.status} now.`;
}

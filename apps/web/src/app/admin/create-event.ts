// "Create an event": name, venue, start, currency and the rows of its seat map, with a live
// preview of the map. The server validates; its messages are shown beside the fields they name.
import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { problemSentence, toProblem } from '../api/problem';
import { ShowDetail } from '../api/shows-api';
import { SeatMapView } from '../audit/seat-map-view';
import { buildGridView, priceBands, simpleLayout } from '../seats/grid-view';
import { AdminApi } from './admin-api';
import { ErrorKey, FieldErrors, RowDraft, errorText, firstRow, localToIso, mapFieldErrors, previewSeats, toCreateEventBody } from './event-draft';
import { RowEditor } from './row-editor';

type TextField = 'name' | 'venue' | 'startsAt' | 'currency';

const NO_ERRORS: FieldErrors = new Map();

@Component({
  selector: 'app-create-event',
  imports: [RouterLink, RowEditor, SeatMapView],
  templateUrl: './create-event.html',
  styleUrls: ['./admin-forms.css', './create-event.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateEvent {
  private readonly api = inject(AdminApi);

  /** The new event, once the server has it. */
  readonly created = output<ShowDetail>();

  protected readonly name = signal('');
  protected readonly venue = signal('');
  protected readonly startsAt = signal('');
  protected readonly currency = signal('EUR');
  protected readonly rows = signal<readonly RowDraft[]>([firstRow(0)]);

  protected readonly busy = signal(false);
  protected readonly errors = signal<FieldErrors>(NO_ERRORS);
  protected readonly formError = signal<string | null>(null);
  protected readonly success = signal<ShowDetail | null>(null);

  /** The start time as it will be sent, so the admin sees the UTC instant of their local time. */
  protected readonly startsAtUtc = computed(() => localToIso(this.startsAt()));

  protected readonly preview = computed(() => previewSeats(this.rows()));
  protected readonly previewGrid = computed(() =>
    buildGridView({
      seats: this.preview().seats,
      layout: simpleLayout(this.preview().rows),
      currency: this.currency().trim().toUpperCase(),
      serverNowMs: 0,
      conflicts: new Set(),
    }),
  );
  protected readonly previewPrices = computed(() => priceBands(this.preview().rows, this.currency().trim().toUpperCase()));

  protected error(key: ErrorKey): string | null {
    return errorText(this.errors(), key);
  }

  protected set(field: TextField, event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this[field].set(value);
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) {
      return;
    }
    const rows = this.rows();
    const body = toCreateEventBody({ name: this.name(), venue: this.venue(), startsAt: this.startsAt(), currency: this.currency(), rows });
    this.busy.set(true);
    this.formError.set(null);
    this.success.set(null);
    try {
      const show = await firstValueFrom(this.api.createEvent(body));
      this.errors.set(NO_ERRORS);
      this.success.set(show);
      this.created.emit(show);
    } catch (error: unknown) {
      const problem = toProblem(error);
      const errors = mapFieldErrors(problem.errors, rows);
      this.errors.set(errors);
      const unplaced = errors.get('form');
      this.formError.set(
        problem.errors.length > 0
          ? ['The event was not created. Check the fields marked below.', ...(unplaced ?? [])].join(' ')
          : problemSentence(problem),
      );
    } finally {
      this.busy.set(false);
    }
  }
}

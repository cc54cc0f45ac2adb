// "Create an event": name, venue, start, currency and its seat map, either rows or a layout of
// sections and categories built in a form or pasted or uploaded as JSON, with a live preview of the map. The server
// validates; its messages are shown beside the fields they name (a layout's, under the layout).
import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { problemSentence, toProblem } from '../api/problem';
import { ShowDetail } from '../api/shows-api';
import { SeatMapView } from '../audit/seat-map-view';
import { buildGridView, categoryBands, priceBands, simpleLayout } from '../seats/grid-view';
import { AdminApi } from './admin-api';
import { ErrorKey, FieldErrors, RowDraft, errorText, firstRow, localToIso, mapFieldErrors, previewSeats, toCreateEventBody } from './event-draft';
import { EXAMPLE_LAYOUT, layoutPreview, readLayout } from './layout-draft';
import { LayoutBuilder } from './layout-builder';
import { editableLayout } from './layout-edit';
import { RowEditor } from './row-editor';

type TextField = 'name' | 'venue' | 'startsAt' | 'currency';

const NO_ERRORS: FieldErrors = new Map();

@Component({
  selector: 'app-create-event',
  imports: [RouterLink, RowEditor, LayoutBuilder, SeatMapView],
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

  /** The seat map is given as rows, or as a layout of sections and categories (JSON). */
  protected readonly form = signal<'rows' | 'layout'>('rows');
  protected readonly layoutText = signal(EXAMPLE_LAYOUT);
  protected readonly layoutDraft = computed(() => readLayout(this.layoutText()));
  /** The server's messages about the layout's fields, as it named them, and the layout they were about. */
  private readonly layoutServerErrors = signal<{ readonly text: string; readonly errors: readonly { field: string; message: string }[] } | null>(null);
  /** Its rules broken, as checked while typing, and as the server answered until the layout is edited. */
  protected readonly layoutProblems = computed(() => {
    const server = this.layoutServerErrors();
    return [...this.layoutDraft().problems, ...(server && server.text === this.layoutText() ? server.errors : [])];
  });
  /** The text is a layout the form can show; else the JSON editor is opened for it to be fixed. */
  protected readonly layoutEditable = computed(() => editableLayout(this.layoutText()) !== null);

  protected readonly preview = computed(() => previewSeats(this.rows()));
  private readonly drawnLayout = computed(() => {
    const { layout, problems } = this.layoutDraft();
    if (!layout || problems.length) return null;
    const drawn = layoutPreview(layout);
    return drawn.seats.length <= MAX_PREVIEW_SEATS ? drawn : { ...drawn, seats: [] };
  });
  protected readonly layoutSeatCount = computed(() => {
    const layout = this.layoutDraft().layout;
    return layout ? layout.sections.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.seats, 0), 0) : 0;
  });
  protected readonly previewGrid = computed(() => {
    const currency = this.currency().trim().toUpperCase();
    const drawn = this.form() === 'layout' ? this.drawnLayout() : null;
    return buildGridView({
      seats: this.form() === 'layout' ? (drawn?.seats ?? []) : this.preview().seats,
      layout: drawn?.map ?? simpleLayout(this.preview().rows),
      currency,
      serverNowMs: 0,
      conflicts: new Set(),
    });
  });
  protected readonly previewPrices = computed(() => {
    const currency = this.currency().trim().toUpperCase();
    const layout = this.layoutDraft().layout;
    if (this.form() === 'layout') return layout && !this.layoutDraft().problems.length ? categoryBands({ categories: layout.categories, currency }) : [];
    return priceBands(this.preview().rows, currency);
  });

  protected setLayout(event: Event): void {
    this.layoutText.set((event.target as HTMLTextAreaElement).value);
  }

  /** A layout file chosen from the computer replaces the text. */
  protected async upload(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) this.layoutText.set(await file.text());
  }

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
    const draft = toCreateEventBody({ name: this.name(), venue: this.venue(), startsAt: this.startsAt(), currency: this.currency(), rows });
    let body = draft;
    if (this.form() === 'layout') {
      const { rows: _rows, ...rest } = draft;
      let layout: { categories?: unknown; sections?: unknown } = {};
      try {
        layout = JSON.parse(this.layoutText()) as typeof layout;
      } catch {
        // Sent without a layout: the server says what is missing, as it does for any field.
      }
      body = { ...rest, categories: layout.categories, sections: layout.sections };
    }
    this.busy.set(true);
    this.formError.set(null);
    this.success.set(null);
    try {
      const show = await firstValueFrom(this.api.createEvent(body));
      this.errors.set(NO_ERRORS);
      this.layoutServerErrors.set(null);
      this.success.set(show);
      this.created.emit(show);
    } catch (error: unknown) {
      const problem = toProblem(error);
      const errors = mapFieldErrors(problem.errors.filter((e) => !isLayoutField(e.field)), rows);
      this.errors.set(errors);
      this.layoutServerErrors.set({ text: this.layoutText(), errors: problem.errors.filter((e) => isLayoutField(e.field)) });
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

/** Beyond this, the preview lists the layout's size instead of drawing every seat. */
const MAX_PREVIEW_SEATS = 5000;

const isLayoutField = (field: string): boolean => /^(sections|categories)\b/.test(field);

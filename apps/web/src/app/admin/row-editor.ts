// The rows of a new event's seat map: label, seats and price per row, rows added and removed.
// Presentational: the rows come in and go out through `rows` (two-way), the server's messages
// come in through `errors`.
import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, inject, input, model } from '@angular/core';
import { ErrorKey, FieldErrors, MAX_SEATS_PER_ROW, RowDraft, RowField, errorText, nextRow } from './event-draft';

/** The server's limit on rows per event. */
export const MAX_ROWS = 200;

@Component({
  selector: 'app-row-editor',
  templateUrl: './row-editor.html',
  styleUrls: ['./admin-forms.css', './row-editor.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RowEditor {
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly rows = model.required<readonly RowDraft[]>();
  readonly errors = input<FieldErrors>(new Map());

  protected readonly maxRows = MAX_ROWS;
  protected readonly maxSeats = MAX_SEATS_PER_ROW;
  protected readonly fields: readonly RowField[] = ['label', 'seats', 'price'];

  protected inputId(row: RowDraft, field: RowField): string {
    return `row-${row.key}-${field}`;
  }

  protected error(key: ErrorKey): string | null {
    return errorText(this.errors(), key);
  }

  protected rowError(row: RowDraft, field?: RowField): string | null {
    return this.error(field ? `row:${row.key}:${field}` : `row:${row.key}`);
  }

  protected update(key: number, field: RowField, event: Event): void {
    const input = event.target as HTMLInputElement;
    let value = input.value;
    if (field === 'label') {
      // Row labels are capital letters; typing "b" gives "B".
      value = value.toUpperCase();
      if (input.value !== value) {
        input.value = value;
      }
    }
    this.rows.update((rows) => rows.map((row) => (row.key === key ? { ...row, [field]: value } : row)));
  }

  protected add(): void {
    const rows = this.rows();
    const key = rows.reduce((max, row) => Math.max(max, row.key), -1) + 1;
    this.rows.set([...rows, nextRow(rows, key)]);
    this.focusAfterRender(`row-${key}-label`);
  }

  protected remove(key: number): void {
    const rows = this.rows();
    const index = rows.findIndex((row) => row.key === key);
    const rest = rows.filter((row) => row.key !== key);
    this.rows.set(rest);
    // The focus goes to the row that took its place (or the one before), not back to the page's top.
    const next = rest[Math.min(index, rest.length - 1)];
    if (next) {
      this.focusAfterRender(`row-${next.key}-remove`);
    }
  }

  private focusAfterRender(id: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(`#${id}`)?.focus(), { injector: this.injector });
  }
}

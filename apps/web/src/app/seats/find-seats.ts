// "Find seats" (ui.md "Finding seats and keeping them"): how many, optionally a category and a
// wheelchair space; the server chooses the best seats together and holds them.
import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { formatMoney } from '../api/money';
import { CategorySpec } from '../api/shows-api';

export interface FindSeatsRequest {
  readonly count: number;
  readonly category: string | null;
  readonly wheelchair: boolean;
}

@Component({
  selector: 'app-find-seats',
  templateUrl: './find-seats.html',
  styleUrls: ['../admin/admin-forms.css', './find-seats.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FindSeats {
  readonly categories = input.required<readonly CategorySpec[]>();
  readonly currency = input.required<string>();
  /** The event has wheelchair places: the form offers one. */
  readonly wheelchairPlaces = input(false);
  /** Categories are named (a layout event); in a simple-form event a category is just a price. */
  readonly named = input(false);
  readonly busy = input(false);
  readonly find = output<FindSeatsRequest>();

  protected readonly count = signal('2');
  protected readonly category = signal('');
  protected readonly wheelchair = signal(false);
  protected readonly countError = signal<string | null>(null);

  protected readonly options = computed(() =>
    this.categories().map((c) => ({ key: c.key, text: this.named() ? `${c.name}, ${formatMoney(c.price, this.currency())}` : formatMoney(c.price, this.currency()) })),
  );

  protected submit(event: Event): void {
    event.preventDefault();
    const count = Number(this.count());
    if (!Number.isInteger(count) || count < 1) {
      this.countError.set('Say how many seats: a whole number, 1 or more.');
      return;
    }
    this.countError.set(null);
    this.find.emit({ count, category: this.category() || null, wheelchair: this.wheelchair() });
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }
}

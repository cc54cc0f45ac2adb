// The whole history, a page at a time ("Load more"), filtered in the browser by stream, type and
// acting user over the pages loaded so far.
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { problemSentence, toProblem } from '../api/problem';
import { AuditApi, AuditEntry } from './audit-api';
import { LogFilter, entryTypes, formatInstant, matchesFilter } from './audit-entries';

export const LOG_PAGE_SIZE = 100;

@Component({
  selector: 'app-log-browser',
  templateUrl: './log-browser.html',
  styleUrls: ['../admin/admin-forms.css', './log-browser.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LogBrowser {
  private readonly api = inject(AuditApi);

  protected readonly entries = signal<readonly AuditEntry[]>([]);
  /** The next page's `from`; null at the end of the history; undefined before the first page. */
  protected readonly next = signal<string | null | undefined>(undefined);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly stream = signal('');
  protected readonly type = signal('');
  protected readonly userId = signal('');

  protected readonly types = computed(() => entryTypes(this.entries()));
  protected readonly filter = computed<LogFilter>(() => ({ stream: this.stream(), type: this.type(), userId: this.userId() }));
  protected readonly visible = computed(() => this.entries().filter((entry) => matchesFilter(entry, this.filter())));
  protected readonly formatInstant = formatInstant;

  constructor() {
    void this.loadMore();
  }

  protected async loadMore(): Promise<void> {
    const from = this.next();
    if (this.loading() || from === null) {
      return;
    }
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(this.api.log(from ?? null, LOG_PAGE_SIZE));
      this.entries.update((entries) => [...entries, ...page.entries]);
      this.next.set(page.next);
    } catch (error: unknown) {
      this.error.set(problemSentence(toProblem(error)));
    } finally {
      this.loading.set(false);
    }
  }

  protected set(field: 'stream' | 'type' | 'userId', event: Event): void {
    this[field].set((event.target as HTMLInputElement | HTMLSelectElement).value);
  }

  protected clear(): void {
    this.stream.set('');
    this.type.set('');
    this.userId.set('');
  }

  protected json(data: unknown): string {
    return JSON.stringify(data, null, 2);
  }
}

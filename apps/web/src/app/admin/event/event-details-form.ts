// An event's name, venue and date, as the box office changes them (PATCH /api/admin/events/{id}/):
// only what was edited is sent; the server's messages go beside the fields they name.
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { Problem, problemSentence, toProblem } from '../../api/problem';
import { ShowDetail } from '../../api/shows-api';
import { ChangeEventBody, BoxOfficeApi } from '../box-office-api';
import { isoToLocal, localToIso } from '../event-draft';

type DetailField = 'name' | 'venue' | 'startsAt';
const FIELDS: readonly DetailField[] = ['name', 'venue', 'startsAt'];

@Component({
  selector: 'app-event-details-form',
  templateUrl: './event-details-form.html',
  styleUrls: ['../admin-forms.css', './event-details-form.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EventDetailsForm {
  private readonly api = inject(BoxOfficeApi);

  readonly show = input.required<ShowDetail>();
  /** The event as the server answered the change. */
  readonly changed = output<ShowDetail>();
  /** The server refused the change: the page may need to read the event again (cancelled meanwhile). */
  readonly refused = output<Problem>();

  /** The fields start from the event, and start again from it whenever it changes (after a save). */
  protected readonly name = linkedSignal(() => this.show().name);
  protected readonly venue = linkedSignal(() => this.show().venue);
  protected readonly startsAt = linkedSignal(() => isoToLocal(this.show().startsAt));
  protected readonly startsAtUtc = computed(() => localToIso(this.startsAt()));

  protected readonly busy = signal(false);
  protected readonly fieldErrors = signal<Partial<Record<DetailField, string>>>({});
  protected readonly formError = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);

  protected set(field: DetailField, event: Event): void {
    this[field].set((event.target as HTMLInputElement).value);
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.saved.set(null);
    const body = detailChanges(this.show(), { name: this.name(), venue: this.venue(), startsAt: this.startsAt() });
    if (Object.keys(body).length === 0) {
      this.fieldErrors.set({});
      this.formError.set('Nothing to save: change the name, venue or date first.');
      return;
    }
    this.busy.set(true);
    this.formError.set(null);
    try {
      const show = await firstValueFrom(this.api.changeEvent(this.show().id, body));
      this.fieldErrors.set({});
      this.saved.set(savedSentence(body));
      this.changed.emit(show);
    } catch (error: unknown) {
      const problem = toProblem(error);
      const errors: Partial<Record<DetailField, string>> = {};
      for (const { field, message } of problem.errors) {
        if ((FIELDS as readonly string[]).includes(field)) errors[field as DetailField] = message;
      }
      this.fieldErrors.set(errors);
      this.formError.set(Object.keys(errors).length > 0 ? 'Nothing was saved. Check the fields marked below.' : problemSentence(problem));
      this.refused.emit(problem);
    } finally {
      this.busy.set(false);
    }
  }
}

/** The PATCH body: only the fields that differ from the event; a date typed but not a time is sent as typed, for the server to name. */
export function detailChanges(show: Pick<ShowDetail, 'name' | 'venue' | 'startsAt'>, form: { name: string; venue: string; startsAt: string }): ChangeEventBody {
  const name = form.name.trim();
  const venue = form.venue.trim();
  const startsAt = localToIso(form.startsAt);
  const sameInstant = startsAt !== null && Date.parse(startsAt) === Date.parse(show.startsAt);
  const unchangedText = form.startsAt === isoToLocal(show.startsAt);
  return {
    ...(name !== show.name ? { name } : {}),
    ...(venue !== show.venue ? { venue } : {}),
    ...(sameInstant || unchangedText ? {} : { startsAt: startsAt ?? form.startsAt }),
  };
}

/** "Saved: the name and the date." */
export function savedSentence(body: ChangeEventBody): string {
  const parts = [body.name !== undefined ? 'the name' : null, body.venue !== undefined ? 'the venue' : null, body.startsAt !== undefined ? 'the date' : null].filter((part): part is string => part !== null);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `Saved: ${list}. The event list, the seat page and customers' reservations show it now.`;
}

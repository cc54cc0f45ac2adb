// Asks the box office for a reason before an action that customers or the history will show
// (block a seat, cancel a booking, cancel an event), and, for what cannot be undone, a second,
// explicit confirmation. Shown in place, not as a modal: the focus goes to its first field when it
// opens, to the confirm button at the second step, and back to where the person was (the parent's
// job, which knows where that is) when it closes. Escape closes it.
import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, inject, input, output, signal, viewChild } from '@angular/core';

let nextId = 0;

@Component({
  selector: 'app-reason-prompt',
  templateUrl: './reason-prompt.html',
  styleUrls: ['./admin-forms.css', './reason-prompt.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(keydown.escape)': 'dismiss()' },
})
export class ReasonPrompt {
  /** "Block seat A1", "Cancel alice's reservation of A1, A2". */
  readonly heading = input.required<string>();
  /** Who will read the reason, under its field. */
  readonly hint = input('');
  /** The first step's button: "Block seat". */
  readonly submitLabel = input.required<string>();
  /** With a question, a second step asks it before anything is done ("Cancel Concert XYZ for good? …"). */
  readonly confirmQuestion = input<string | null>(null);
  readonly confirmLabel = input('Yes, go ahead');
  /** Closes the prompt, nothing done: "Keep it". */
  readonly dismissLabel = input('Keep it');
  /** The button of the step that acts is red: for what cannot be undone. */
  readonly danger = input(false);
  /** The request is under way. */
  readonly busy = input(false);
  /** The server's sentence when it refused. */
  readonly error = input<string | null>(null);

  /** The reason, trimmed: do it. */
  readonly confirmed = output<string>();
  readonly dismissed = output<void>();

  protected readonly id = `reason-prompt-${nextId++}`;
  protected readonly reason = signal('');
  protected readonly reasonError = signal<string | null>(null);
  protected readonly step = signal<'reason' | 'confirm'>('reason');

  private readonly injector = inject(Injector);
  private readonly reasonInput = viewChild<ElementRef<HTMLInputElement>>('reasonInput');
  private readonly confirmButton = viewChild<ElementRef<HTMLButtonElement>>('confirmButton');

  constructor() {
    afterNextRender(() => this.reasonInput()?.nativeElement.focus());
  }

  protected setReason(event: Event): void {
    this.reason.set((event.target as HTMLInputElement).value);
    if (this.reasonError()) this.reasonError.set(null);
  }

  protected submit(event: Event): void {
    event.preventDefault();
    if (this.busy()) return;
    const reason = this.reason().trim();
    if (!reason) {
      this.reasonError.set('Give a reason: it is kept in the history.');
      this.reasonInput()?.nativeElement.focus();
      return;
    }
    if (this.confirmQuestion() === null) {
      this.confirmed.emit(reason);
      return;
    }
    this.step.set('confirm');
    afterNextRender(() => this.confirmButton()?.nativeElement.focus(), { injector: this.injector });
  }

  protected confirm(): void {
    if (!this.busy()) this.confirmed.emit(this.reason().trim());
  }

  /** Back from the confirmation to the reason, to change it. */
  protected back(): void {
    this.step.set('reason');
    afterNextRender(() => this.reasonInput()?.nativeElement.focus(), { injector: this.injector });
  }

  protected dismiss(): void {
    if (!this.busy()) this.dismissed.emit();
  }
}

// Verify: the server replays the history into a scratch read model and compares it with the live one.
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { problemSentence, toProblem } from '../api/problem';
import { AuditApi, VerifyReport } from './audit-api';

@Component({
  selector: 'app-verify-panel',
  templateUrl: './verify-panel.html',
  styleUrl: './verify-panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VerifyPanel {
  private readonly api = inject(AuditApi);

  protected readonly report = signal<VerifyReport | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async verify(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    this.report.set(null);
    try {
      this.report.set(await firstValueFrom(this.api.verify()));
    } catch (error: unknown) {
      this.error.set(problemSentence(toProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }

  /** "12,345" (Intl rather than DecimalPipe, whose formatting code would land in the initial bundle). */
  protected count(n: number): string {
    return n.toLocaleString('en-US');
  }

  protected json(value: unknown): string {
    return JSON.stringify(value, null, 2);
  }
}

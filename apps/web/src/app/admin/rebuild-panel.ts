// Rebuild the read models from the history, with a progress bar while it runs.
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RebuildPoller } from './rebuild-poller';

@Component({
  selector: 'app-rebuild-panel',
  providers: [RebuildPoller],
  templateUrl: './rebuild-panel.html',
  styleUrls: ['./admin-forms.css', './rebuild-panel.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RebuildPanel {
  protected readonly poller = inject(RebuildPoller);
  protected readonly percent = computed(() => Math.floor((this.poller.status()?.progress ?? 0) * 100));
  /** "12,345" (Intl rather than DecimalPipe, whose formatting code would land in the initial bundle). */
  protected readonly count = (n: number): string => n.toLocaleString('en-US');

  constructor() {
    // A rebuild already running (started from another tab) shows its progress at once.
    void this.poller.check();
  }
}

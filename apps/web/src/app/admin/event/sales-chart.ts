// The sales chart of the box office (ui.md): seats and revenue per day, occupancy per category,
// drawn by Chart.js through ng2-charts. Each canvas is an image named by a one-sentence summary,
// and the same figures are a table beside it ("Sales as a table"), for screen readers and for
// reading exact numbers. Only the Chart.js pieces used here are registered (the route is lazy, so
// the public pages never load Chart.js).
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { BarController, BarElement, CategoryScale, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { BaseChartDirective, provideCharts } from 'ng2-charts';
import { firstValueFrom } from 'rxjs';
import { problemSentence, toProblem } from '../../api/problem';
import { ShowDetail } from '../../api/shows-api';
import { BoxOfficeApi, SalesFigures } from '../box-office-api';
import { categoryOptions, dailyOptions, salesView } from './sales-figures';

@Component({
  selector: 'app-sales-chart',
  imports: [BaseChartDirective],
  providers: [
    provideCharts({ registerables: [BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip] }),
  ],
  templateUrl: './sales-chart.html',
  styleUrl: './sales-chart.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SalesChart {
  private readonly api = inject(BoxOfficeApi);

  readonly show = input.required<ShowDetail>();
  /** Bumped by the page after a change that moves the figures (a seat blocked, the event cancelled): read again. */
  readonly version = input(0);

  protected readonly figures = signal<SalesFigures | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly view = computed(() => {
    const figures = this.figures();
    return figures ? salesView(figures, this.show()) : null;
  });

  private readonly animate = !(typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches);
  protected readonly dailyOptions = computed(() => dailyOptions(this.show().currency, this.animate));
  protected readonly categoryOptions = categoryOptions(this.animate);

  private readonly showId = computed(() => this.show().id);

  constructor() {
    effect(() => {
      const showId = this.showId();
      this.version();
      untracked(() => void this.load(showId));
    });
  }

  private async load(showId: string): Promise<void> {
    try {
      const figures = await firstValueFrom(this.api.sales(showId));
      if (showId !== this.showId()) return;
      this.error.set(null);
      this.figures.set(figures);
    } catch (error: unknown) {
      if (showId === this.showId()) this.error.set(problemSentence(toProblem(error)));
    }
  }
}

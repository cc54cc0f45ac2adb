// The sales figures of an event (GET /api/admin/events/{id}/sales/) as what the admin page draws
// and reads out: chart data for Chart.js (seats and revenue per day; occupancy per category), a
// one-sentence summary of each chart for its aria-label, and the same numbers as table rows.
// Pure: Chart.js itself is only met by the component that draws.
import { formatDate } from '@angular/common';
import type { ChartData, ChartOptions } from 'chart.js';
import { formatMoney, fromCents, sumMoney, toCents } from '../../api/money';
import { CategorySpec, ShowDetail, isLayoutEvent } from '../../api/shows-api';
import { SalesFigures } from '../box-office-api';

export interface DailyRow {
  /** "2026-12-22". */
  readonly date: string;
  /** "22 Dec 2026". */
  readonly day: string;
  readonly reserved: number;
  readonly cancelled: number;
  /** "500.00 EUR"; negative on a day of more refunds than sales. */
  readonly revenue: string;
}

export interface CategoryRow {
  readonly key: string;
  readonly name: string;
  readonly seats: number;
  readonly reserved: number;
  readonly locked: number;
  readonly blocked: number;
  readonly available: number;
  /** Reserved seats of all its seats: "25%". */
  readonly occupancy: string;
  readonly revenue: string;
}

export type DailyChartData = ChartData<'bar' | 'line', number[], string>;
export type CategoryChartData = ChartData<'bar', number[], string>;

export interface SalesView {
  readonly daily: { readonly rows: readonly DailyRow[]; readonly data: DailyChartData; readonly summary: string };
  readonly categories: { readonly rows: readonly CategoryRow[]; readonly data: CategoryChartData; readonly summary: string };
  /** Revenue of the seats reserved now (the days add up to it). */
  readonly revenue: string;
}

/** The app's state colours (styles.css), so the chart reads like the seat map. */
export const CHART_COLOURS = {
  reserved: '#15803d',
  cancelled: '#b91c1c',
  revenue: '#1d4ed8',
  locked: '#f59e0b',
  blocked: '#4b5563',
  available: '#d1d5db',
} as const;

/**
 * Categories are named as the event names them, or by their price in a simple-form event (whose
 * categories are only its row prices); a key the event does not know is shown as is.
 */
export function salesView(
  figures: SalesFigures,
  show: Pick<ShowDetail, 'rows' | 'currency'> & { readonly categories: readonly Pick<CategorySpec, 'key' | 'name' | 'price'>[] },
): SalesView {
  const money = (amount: string): string => formatMoney(amount, show.currency);
  const named = isLayoutEvent(show);
  const names = new Map(show.categories.map((c) => [c.key, named ? c.name : money(c.price)]));

  const dailyRows: DailyRow[] = [...figures.daily]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((d) => ({ date: d.date, day: dayLabel(d.date, 'd MMM y'), reserved: d.reserved, cancelled: d.cancelled, revenue: money(d.revenue) }));
  const categoryRows: CategoryRow[] = figures.categories.map((c) => ({
    key: c.key,
    name: names.get(c.key) ?? c.key,
    seats: c.seats,
    reserved: c.reserved,
    locked: c.locked,
    blocked: c.blocked,
    available: c.available,
    occupancy: percent(c.reserved, c.seats),
    revenue: money(c.revenue),
  }));

  const sortedDaily = [...figures.daily].sort((a, b) => a.date.localeCompare(b.date));
  const dailyData: DailyChartData = {
    labels: sortedDaily.map((d) => dayLabel(d.date, 'd MMM')),
    datasets: [
      { type: 'bar', label: 'Seats reserved', data: sortedDaily.map((d) => d.reserved), backgroundColor: CHART_COLOURS.reserved, yAxisID: 'seats', order: 2 },
      { type: 'bar', label: 'Seats cancelled', data: sortedDaily.map((d) => d.cancelled), backgroundColor: CHART_COLOURS.cancelled, yAxisID: 'seats', order: 2 },
      {
        type: 'line',
        label: `Revenue (${show.currency})`,
        data: sortedDaily.map((d) => toCents(d.revenue) / 100),
        borderColor: CHART_COLOURS.revenue,
        backgroundColor: CHART_COLOURS.revenue,
        pointStyle: 'rectRot',
        pointRadius: 5,
        yAxisID: 'revenue',
        order: 1,
      },
    ],
  };
  const categoryData: CategoryChartData = {
    labels: categoryRows.map((c) => c.name),
    datasets: [
      { label: 'Reserved', data: categoryRows.map((c) => c.reserved), backgroundColor: CHART_COLOURS.reserved },
      { label: 'Held', data: categoryRows.map((c) => c.locked), backgroundColor: CHART_COLOURS.locked },
      { label: 'Not for sale', data: categoryRows.map((c) => c.blocked), backgroundColor: CHART_COLOURS.blocked },
      { label: 'Available', data: categoryRows.map((c) => c.available), backgroundColor: CHART_COLOURS.available },
    ],
  };

  const revenue = money(sumMoney(figures.categories.map((c) => c.revenue)));
  return {
    daily: { rows: dailyRows, data: dailyData, summary: dailySummary(dailyRows, figures, show.currency) },
    categories: { rows: categoryRows, data: categoryData, summary: categorySummary(categoryRows) },
    revenue,
  };
}

/** "Seats and revenue per day, 20 Dec 2026 to 22 Dec 2026: 14 seats reserved, 2 cancelled, 600.00 EUR taken net of refunds." */
export function dailySummary(rows: readonly DailyRow[], figures: SalesFigures, currency: string): string {
  if (rows.length === 0) return 'Seats and revenue per day: nothing reserved yet.';
  const reserved = rows.reduce((n, r) => n + r.reserved, 0);
  const cancelled = rows.reduce((n, r) => n + r.cancelled, 0);
  const net = formatMoney(fromCents(figures.daily.reduce((n, d) => n + toCents(d.revenue), 0)), currency);
  const span = rows.length === 1 ? `on ${rows[0].day}` : `${rows[0].day} to ${rows[rows.length - 1].day}`;
  return `Seats and revenue per day, ${span}: ${count(reserved, 'seat')} reserved, ${cancelled} cancelled, ${net} taken net of refunds.`;
}

/** "Occupancy per category: Premium: 10 of 40 seats reserved (25%), 2 held, 1 not for sale; Standard: …." */
export function categorySummary(rows: readonly CategoryRow[]): string {
  if (rows.length === 0) return 'Occupancy per category: the event has no seats.';
  const parts = rows.map((r) => {
    const extra = [r.locked ? `${r.locked} held` : null, r.blocked ? `${r.blocked} not for sale` : null].filter((s): s is string => s !== null);
    return `${r.name}: ${r.reserved} of ${count(r.seats, 'seat')} reserved (${r.occupancy})${extra.length ? `, ${extra.join(', ')}` : ''}`;
  });
  return `Occupancy per category: ${parts.join('; ')}.`;
}

/** Chart options: seats on the left axis, money on the right one (daily); stacked bars per category. */
export function dailyOptions(currency: string, animate: boolean): ChartOptions<'bar' | 'line'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: animate ? undefined : false,
    interaction: { mode: 'index', intersect: false },
    scales: {
      x: { type: 'category' },
      seats: { type: 'linear', position: 'left', beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Seats' } },
      revenue: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: `Revenue (${currency})` } },
    },
    plugins: { legend: { position: 'bottom' } },
  };
}

export function categoryOptions(animate: boolean): ChartOptions<'bar'> {
  return {
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    animation: animate ? undefined : false,
    scales: {
      x: { type: 'linear', stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Seats' } },
      y: { type: 'category', stacked: true },
    },
    plugins: { legend: { position: 'bottom' } },
  };
}

const dayLabel = (date: string, format: string): string => formatDate(`${date}T00:00:00Z`, format, 'en-US', 'UTC');

const percent = (part: number, whole: number): string => `${whole === 0 ? 0 : Math.round((part / whole) * 100)}%`;

const count = (n: number, noun: string): string => `${n} ${n === 1 ? noun : `${noun}s`}`;

import { SalesFigures } from '../box-office-api';
import { categoryOptions, dailyOptions, salesView } from './sales-figures';

const show = {
  currency: 'EUR',
  categories: [
    { key: 'premium', name: 'Premium', price: '80.00' },
    { key: 'standard', name: 'Standard', price: '45.00' },
  ],
};

const figures: SalesFigures = {
  categories: [
    { key: 'premium', seats: 40, available: 27, locked: 2, reserved: 10, blocked: 1, revenue: '800.00' },
    { key: 'standard', seats: 60, available: 57, locked: 0, reserved: 3, blocked: 0, revenue: '135.00' },
  ],
  // Out of order on purpose: the chart and the table read left to right, oldest first.
  daily: [
    { date: '2026-12-22', reserved: 4, cancelled: 3, revenue: '-15.00' },
    { date: '2026-12-20', reserved: 11, cancelled: 0, revenue: '950.00' },
  ],
};

describe('the sales figures as chart and table', () => {
  const view = salesView(figures, show);

  it('draws seats reserved and cancelled per day as bars and the revenue as a line on its own axis, oldest day first', () => {
    expect(view.daily.data.labels).toEqual(['20 Dec', '22 Dec']);
    const [reserved, cancelled, revenue] = view.daily.data.datasets;
    expect([reserved.label, reserved.type, reserved.data, reserved.yAxisID]).toEqual(['Seats reserved', 'bar', [11, 4], 'seats']);
    expect([cancelled.label, cancelled.data]).toEqual(['Seats cancelled', [0, 3]]);
    expect([revenue.label, revenue.type, revenue.data, revenue.yAxisID]).toEqual(['Revenue (EUR)', 'line', [950, -15], 'revenue']);
  });

  it('stacks each category\'s seats by state, named as the event names them', () => {
    expect(view.categories.data.labels).toEqual(['Premium', 'Standard']);
    expect(view.categories.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Reserved', [10, 3]],
      ['Held', [2, 0]],
      ['Not for sale', [1, 0]],
      ['Available', [27, 57]],
    ]);
  });

  it('gives the table the same numbers, with money in the event\'s currency and occupancy in percent', () => {
    expect(view.daily.rows).toEqual([
      { date: '2026-12-20', day: '20 Dec 2026', reserved: 11, cancelled: 0, revenue: '950.00 EUR' },
      { date: '2026-12-22', day: '22 Dec 2026', reserved: 4, cancelled: 3, revenue: '-15.00 EUR' },
    ]);
    expect(view.categories.rows[0]).toEqual({ key: 'premium', name: 'Premium', seats: 40, reserved: 10, locked: 2, blocked: 1, available: 27, occupancy: '25%', revenue: '800.00 EUR' });
    expect(view.revenue).toBe('935.00 EUR');
  });

  it('sums each chart up in a sentence for its aria-label', () => {
    expect(view.daily.summary).toBe('Seats and revenue per day, 20 Dec 2026 to 22 Dec 2026: 15 seats reserved, 3 cancelled, 935.00 EUR taken net of refunds.');
    expect(view.categories.summary).toBe('Occupancy per category: Premium: 10 of 40 seats reserved (25%), 2 held, 1 not for sale; Standard: 3 of 60 seats reserved (5%).');
  });

  it('says so when nothing was sold yet, and shows a category the event does not name by its key', () => {
    const empty = salesView({ categories: [{ key: 'c9', seats: 1, available: 1, locked: 0, reserved: 0, blocked: 0, revenue: '0.00' }], daily: [] }, show);
    expect(empty.daily.summary).toBe('Seats and revenue per day: nothing reserved yet.');
    expect(empty.daily.data.labels).toEqual([]);
    expect(empty.categories.rows[0].name).toBe('c9');
    expect(empty.categories.summary).toBe('Occupancy per category: c9: 0 of 1 seat reserved (0%).');
  });

  it('names the categories of a simple-form event by their price', () => {
    const simple = salesView(figures, { currency: 'EUR', rows: [], categories: [{ key: 'premium', name: '80.00', price: '80.00' }] });
    expect(simple.categories.rows[0].name).toBe('80.00 EUR');
    expect(simple.categories.data.labels?.[0]).toBe('80.00 EUR');
  });

  it('puts seats and money on separate axes, and stacks the categories\' bars', () => {
    const daily = dailyOptions('EUR', false);
    expect(daily.animation).toBe(false);
    expect(daily.scales?.['seats']?.position).toBe('left');
    expect(daily.scales?.['revenue']?.position).toBe('right');
    const categories = categoryOptions(true);
    expect(categories.indexAxis).toBe('y');
    expect([categories.scales?.['x']?.stacked, categories.scales?.['y']?.stacked]).toEqual([true, true]);
  });
});

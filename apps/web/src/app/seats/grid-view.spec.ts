import { lockedSeat, seat, seatBlock } from '../../testing/seats';
import { GridInput, buildGridView, categoryBands, mapLayoutOf, priceBands, simpleLayout } from './grid-view';

const now = Date.parse('2026-12-22T10:00:00.000Z');
const later = '2026-12-22T10:05:00.000Z';

/** A simple-form event's grid input; `rowOrder` names its rows in venue order. */
function input({ rowOrder = [], ...overrides }: Partial<GridInput> & { rowOrder?: string[] }): GridInput {
  return { seats: [], layout: simpleLayout(rowOrder.map((label) => ({ label }))), currency: 'EUR', serverNowMs: now, conflicts: new Set(), ...overrides };
}

describe('buildGridView', () => {
  it('lays rows out in venue order and seats by number, whatever order the API sent', () => {
    const seats = [seat('B2'), seat('A2'), seat('B1'), seat('A1')];
    const view = buildGridView(input({ seats, rowOrder: ['A', 'B'] }));
    expect(view.rows.map((row) => row.label)).toEqual(['A', 'B']);
    expect(view.rows.map((row) => row.seats.map((s) => s.label))).toEqual([
      ['A1', 'A2'],
      ['B1', 'B2'],
    ]);
  });

  it('keeps rows the venue list does not name, in order of appearance', () => {
    const view = buildGridView(input({ seats: [seat('C1'), seat('A1')], rowOrder: ['A'] }));
    expect(view.rows.map((row) => row.label)).toEqual(['A', 'C']);
  });

  it('gives each seat its description and a class per state', () => {
    const seats = [
      seat('A1'),
      lockedSeat('A2', 'alice', later, true),
      lockedSeat('A3', 'bob', later),
      seat('A4', { status: 'reserved' }),
      seat('A5', { status: 'reserved', mine: true }),
    ];
    const view = buildGridView(input({ seats, rowOrder: ['A'] }));
    expect(view.rows[0].seats.map((s) => [s.description, s.classes])).toEqual([
      ['Row A, seat 1, available, 50.00 EUR', 'seat seat--available'],
      ['Row A, seat 2, locked by you, 50.00 EUR', 'seat seat--mine'],
      ['Row A, seat 3, locked by bob, 50.00 EUR', 'seat seat--other'],
      ['Row A, seat 4, reserved, 50.00 EUR', 'seat seat--reserved'],
      ['Row A, seat 5, reserved by you, 50.00 EUR', 'seat seat--reserved-mine'],
    ]);
  });

  it('shows an expired lock as available', () => {
    const view = buildGridView(input({ seats: [lockedSeat('A1', 'bob', later)], serverNowMs: Date.parse(later) }));
    expect(view.rows[0].seats[0].description).toBe('Row A, seat 1, available, 50.00 EUR');
  });

  it('marks seats named in a conflict', () => {
    const seats = [seat('A1'), seat('A2')];
    const view = buildGridView(input({ seats, conflicts: new Set(['seat-A2']) }));
    expect(view.rows[0].seats.map((s) => s.classes)).toEqual(['seat seat--available', 'seat seat--available seat--conflict']);
  });

  it('knows where each seat sits, for the arrow keys', () => {
    const view = buildGridView(input({ seats: seatBlock(['A', 'B'], 3), rowOrder: ['A', 'B'] }));
    expect(view.byId.get('seat-B3')).toMatchObject({ rowIndex: 1, seatIndex: 2 });
  });

  it('reuses the view of every seat and row a poll did not change', () => {
    const seats = seatBlock(['A', 'B'], 3);
    const first = buildGridView(input({ seats, rowOrder: ['A', 'B'] }));
    const changed = seats.map((s) => (s.label === 'B2' ? lockedSeat('B2', 'bob', later) : s));
    const second = buildGridView(input({ seats: changed, rowOrder: ['A', 'B'] }), first);
    expect(second.rows[0]).toBe(first.rows[0]);
    expect(second.rows[1]).not.toBe(first.rows[1]);
    expect(second.rows[1].seats[0]).toBe(first.rows[1].seats[0]);
    expect(second.rows[1].seats[1].description).toBe('Row B, seat 2, locked by bob, 50.00 EUR');
  });

  it('prices each row, and a row of mixed prices as a range', () => {
    const seats = [seat('A1'), seat('A2'), seat('B1', { price: '30.00' }), seat('B2', { price: '45.00' })];
    const view = buildGridView(input({ seats }));
    expect(view.rows.map((row) => row.price)).toEqual(['50.00 EUR', '30.00–45.00 EUR']);
  });
});

describe('priceBands', () => {
  it('groups neighbouring rows of one price for the legend', () => {
    const rows = [
      { label: 'A', seats: 10, price: '80.00' },
      { label: 'B', seats: 10, price: '50.00' },
      { label: 'C', seats: 10, price: '50.00' },
      { label: 'D', seats: 10, price: '50.00' },
    ];
    expect(priceBands(rows, 'EUR')).toEqual([
      { label: 'Row A', price: '80.00 EUR' },
      { label: 'Rows B–D', price: '50.00 EUR' },
    ]);
  });
});

describe('buildGridView for a layout event', () => {
  const show = {
    categories: [
      { key: 'premium', name: 'Premium', price: '80.00', available: 3 },
      { key: 'standard', name: 'Standard', price: '45.00', available: 2 },
    ],
    sections: [
      { key: 'stalls', name: 'Stalls', rows: [{ label: '1', seats: 3, firstNumber: 1, category: 'premium', aislesAfter: [1], accessible: [3] }] },
      { key: 'balcony', name: 'Balcony', rows: [{ label: '1', seats: 2, firstNumber: 101, category: 'standard', aislesAfter: [], accessible: [] }] },
    ],
  };
  const place = (section: string, row: string, number: number, category: string, price: string, accessible = false) =>
    seat('A1', { id: `${section}-${row}-${number}`, label: `${row}-${number}`, section, row, number, category, price, accessible });
  const seats = [
    place('balcony', '1', 101, 'standard', '45.00'),
    place('stalls', '1', 1, 'premium', '80.00'),
    place('stalls', '1', 2, 'premium', '80.00'),
    place('stalls', '1', 3, 'premium', '80.00', true),
    place('balcony', '1', 102, 'standard', '45.00'),
  ];
  const view = buildGridView({ seats, layout: mapLayoutOf(show), currency: 'EUR', serverNowMs: now, conflicts: new Set() });

  it('groups rows under their sections in venue order, a row label repeating across sections', () => {
    expect(view.sections.map((s) => [s.name, s.rows.map((r) => r.seats.map((x) => x.label))])).toEqual([
      ['Stalls', [['1-1', '1-2', '1-3']]],
      ['Balcony', [['1-101', '1-102']]],
    ]);
    expect(view.rows.map((r) => r.key)).toEqual(['stalls|1', 'balcony|1']);
  });

  it('names the section in every seat\'s label, and a wheelchair place as such', () => {
    expect(view.rows[0].seats.map((s) => s.description)).toEqual([
      'Stalls, row 1, seat 1, available, 80.00 EUR',
      'Stalls, row 1, seat 2, available, 80.00 EUR',
      'Stalls, row 1, seat 3, available, 80.00 EUR, wheelchair space',
    ]);
  });

  it('marks the category, the aisle after a seat and the wheelchair places in the classes', () => {
    expect(view.rows[0].seats.map((s) => s.classes)).toEqual([
      'seat seat--available seat--cat-0 seat--aisle',
      'seat seat--available seat--cat-0',
      'seat seat--available seat--cat-0 seat--wheelchair',
    ]);
    expect(view.rows[1].seats[0].classes).toBe('seat seat--available seat--cat-1');
  });

  it('gives the legend each category with its price and colour', () => {
    expect(categoryBands({ ...show, currency: 'EUR' })).toEqual([
      { label: 'Premium', price: '80.00 EUR', swatch: 'seat--cat-0' },
      { label: 'Standard', price: '45.00 EUR', swatch: 'seat--cat-1' },
    ]);
  });
});

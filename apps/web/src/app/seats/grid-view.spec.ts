import { lockedSeat, seat, seatBlock } from '../../testing/seats';
import { GridInput, buildGridView, priceBands } from './grid-view';

const now = Date.parse('2026-12-22T10:00:00.000Z');
const later = '2026-12-22T10:05:00.000Z';

function input(overrides: Partial<GridInput>): GridInput {
  return { seats: [], rowOrder: [], currency: 'EUR', serverNowMs: now, conflicts: new Set(), ...overrides };
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
      { rows: 'Row A', price: '80.00 EUR' },
      { rows: 'Rows B–D', price: '50.00 EUR' },
    ]);
  });
});

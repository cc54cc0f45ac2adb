import fc from 'fast-check';
import { upcast, storedTypeOf, type ShowScheduledV1 } from '../upcasting';
import { layoutErrors, layoutFromRows, MAX_SEATS_PER_SHOW, rowsOf, seatsOf, type Layout } from './layout';
import type { ShowScheduled } from './show.events';

const THEATRE: Layout = {
  form: 'sections',
  categories: [
    { key: 'premium', name: 'Premium', price: '80.00' },
    { key: 'standard', name: 'Standard', price: '45.00' },
  ],
  sections: [
    { key: 'stalls', name: 'Stalls', rows: [{ label: '1', seats: 4, category: 'premium', aislesAfter: [2], accessible: [1] }] },
    { key: 'balcony', name: 'Balcony', rows: [{ label: 'A', seats: 2, firstNumber: 101, category: 'standard' }] },
  ],
};

describe('seats of a layout', () => {
  it('numbers a simple-form row from 1 with ids and labels "A1", as release 0.1 did', () => {
    const seats = seatsOf(layoutFromRows([{ label: 'A', seats: 2, price: '50.00' }, { label: 'B', seats: 1, price: '30.00' }]));
    expect(seats.map((s) => [s.seatId, s.label, s.section, s.row, s.number, s.category, s.price, s.accessible])).toEqual([
      ['A1', 'A1', 'main', 'A', 1, 'c1', '50.00', false],
      ['A2', 'A2', 'main', 'A', 2, 'c1', '50.00', false],
      ['B1', 'B1', 'main', 'B', 1, 'c2', '30.00', false],
    ]);
  });

  it('gives a layout seats by section and row, numbered from firstNumber, labelled row-number, priced by category', () => {
    expect(seatsOf(THEATRE).map((s) => [s.seatId, s.label, s.section, s.number, s.price, s.accessible])).toEqual([
      ['stalls-1-1', '1-1', 'stalls', 1, '80.00', true],
      ['stalls-1-2', '1-2', 'stalls', 2, '80.00', false],
      ['stalls-1-3', '1-3', 'stalls', 3, '80.00', false],
      ['stalls-1-4', '1-4', 'stalls', 4, '80.00', false],
      ['balcony-A-101', 'A-101', 'balcony', 101, '45.00', false],
      ['balcony-A-102', 'A-102', 'balcony', 102, '45.00', false],
    ]);
  });

  it('makes one category per distinct row price in a simple-form layout, and gives the rows back as they were', () => {
    const rows = [{ label: 'A', seats: 2, price: '50.00' }, { label: 'B', seats: 3, price: '30.00' }, { label: 'C', seats: 1, price: '50.00' }];
    const layout = layoutFromRows(rows);
    expect(layout.categories).toEqual([{ key: 'c1', name: '50.00', price: '50.00' }, { key: 'c2', name: '30.00', price: '30.00' }]);
    expect(rowsOf(layout)).toEqual(rows);
  });

  it('never gives two seats of a layout the same id', () => {
    const key = fc.stringMatching(/^[a-z0-9-]{1,16}$/);
    const label = fc.stringMatching(/^[A-Z0-9]{1,4}$/);
    const row = fc.record({ label, seats: fc.integer({ min: 1, max: 5 }), firstNumber: fc.integer({ min: 1, max: 20 }) });
    const section = fc.record({ key, rows: fc.uniqueArray(row, { selector: (r) => r.label, minLength: 1, maxLength: 4 }) });
    fc.assert(
      fc.property(fc.uniqueArray(section, { selector: (s) => s.key, minLength: 1, maxLength: 4 }), (sections) => {
        const layout: Layout = {
          form: 'sections',
          categories: [{ key: 'c', name: 'C', price: '1.00' }],
          sections: sections.map((s) => ({ ...s, name: s.key, rows: s.rows.map((r) => ({ ...r, category: 'c' })) })),
        };
        const ids = seatsOf(layout).map((s) => s.seatId);
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });
});

describe('layout rules', () => {
  const rowAt = (patch: object): Layout => ({ ...THEATRE, sections: [{ ...THEATRE.sections[0], rows: [{ ...THEATRE.sections[0].rows[0], ...patch }] }, THEATRE.sections[1]] });
  const fields = (layout: Layout) => layoutErrors(layout).map((e) => e.field);

  it('accepts a valid layout', () => expect(layoutErrors(THEATRE)).toEqual([]));
  it('refuses two sections with one key', () => expect(fields({ ...THEATRE, sections: [THEATRE.sections[0], { ...THEATRE.sections[1], key: 'stalls' }] })).toEqual(['sections']));
  it('refuses two categories with one key', () =>
    expect(fields({ ...THEATRE, categories: [...THEATRE.categories, { key: 'premium', name: 'Again', price: '1.00' }] })).toEqual(['categories']));
  it('refuses two rows of a section with one label', () =>
    expect(fields({ ...THEATRE, sections: [{ ...THEATRE.sections[0], rows: [THEATRE.sections[0].rows[0], THEATRE.sections[0].rows[0]] }, THEATRE.sections[1]] })).toEqual(['sections[0].rows']));
  it('refuses a row naming a category that does not exist, and a category no row uses', () =>
    expect(fields(rowAt({ category: 'gold' }))).toEqual(['sections[0].rows[0].category', 'categories[0]']));
  it('refuses an aisle after the last seat or outside the row', () => {
    expect(fields(rowAt({ aislesAfter: [4] }))).toEqual(['sections[0].rows[0].aislesAfter[0]']);
    expect(fields(rowAt({ aislesAfter: [2, 0] }))).toEqual(['sections[0].rows[0].aislesAfter[1]']);
    expect(fields(rowAt({ aislesAfter: [2, 2] }))).toEqual(['sections[0].rows[0].aislesAfter']);
  });
  it('refuses a wheelchair place that is not a seat of the row', () => {
    expect(fields(rowAt({ firstNumber: 10, aislesAfter: [11], accessible: [1] }))).toEqual(['sections[0].rows[0].accessible[0]']);
    expect(fields(rowAt({ accessible: [1, 1] }))).toEqual(['sections[0].rows[0].accessible']);
  });
  it(`refuses more than ${MAX_SEATS_PER_SHOW} seats, naming sections`, () => {
    const rows = Array.from({ length: 501 }, (_, i) => ({ label: String(i + 1), seats: 200, category: 'premium' }));
    const big: Layout = { form: 'sections', categories: [THEATRE.categories[0]], sections: [{ key: 'arena', name: 'Arena', rows }] };
    expect(layoutErrors(big)).toEqual([{ field: 'sections', message: 'An event has at most 100000 seats; this layout has 100200.' }]);
    expect(layoutErrors({ ...big, sections: [{ ...big.sections[0], rows: rows.slice(0, 500) }] })).toEqual([]);
  });
});

describe('upcasting ShowScheduled', () => {
  const v1: ShowScheduledV1['data'] = {
    showId: 's1', name: 'Concert XYZ', venue: 'Main Hall', startsAt: '2027-01-01T20:00:00.000Z', currency: 'EUR',
    rows: [{ label: 'A', seats: 2, price: '50.00' }], scheduledAt: '2026-12-01T10:00:00.000Z',
  };

  it('reads an event recorded by release 0.1 (rows) as the current shape (a simple-form layout), the same seats', () => {
    const event = upcast('ShowScheduled', v1) as ShowScheduled;
    expect(event).toEqual({
      type: 'ShowScheduled',
      data: { showId: 's1', name: 'Concert XYZ', venue: 'Main Hall', startsAt: '2027-01-01T20:00:00.000Z', currency: 'EUR', scheduledAt: '2026-12-01T10:00:00.000Z', layout: layoutFromRows(v1.rows) },
    });
    expect(seatsOf(event.data.layout).map((s) => s.seatId)).toEqual(['A1', 'A2']);
  });

  it('records ShowScheduled as ShowScheduled.v2 and reads that back unchanged; other types pass as they are', () => {
    expect(storedTypeOf('ShowScheduled')).toBe('ShowScheduled.v2');
    expect(storedTypeOf('SeatLocked')).toBe('SeatLocked');
    const data = { ...v1, rows: undefined, layout: THEATRE };
    expect(upcast('ShowScheduled.v2', data)).toEqual({ type: 'ShowScheduled', data });
    expect(upcast('SeatLocked', { seatId: 'A1' })).toEqual({ type: 'SeatLocked', data: { seatId: 'A1' } });
    expect(upcast('toString', {})).toEqual({ type: 'toString', data: {} });
  });
});

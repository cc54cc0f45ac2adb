import { RowDraft, errorText, localToIso, mapFieldErrors, nextLabel, nextRow, previewSeats, toCreateEventBody } from './event-draft';

const row = (key: number, label: string, seats = '10', price = '50.00'): RowDraft => ({ key, label, seats, price });

describe('the next row', () => {
  it('counts labels like spreadsheet columns', () => {
    expect(nextLabel('A')).toBe('B');
    expect(nextLabel('Z')).toBe('AA');
    expect(nextLabel('AZ')).toBe('BA');
    expect(nextLabel('ZZZ')).toBe('');
    expect(nextLabel('a1')).toBe('');
  });

  it('takes the seats and price of the last row', () => {
    expect(nextRow([row(0, 'A'), row(3, 'B', '8', '30.00')], 4)).toEqual({ key: 4, label: 'C', seats: '8', price: '30.00' });
  });
});

describe('the body sent to POST /api/admin/events/', () => {
  it('sends the datetime-local value as the UTC instant it means in the browser\'s zone', () => {
    const local = '2027-06-01T20:00';
    expect(localToIso(local)).toBe(new Date(2027, 5, 1, 20, 0).toISOString());
    expect(localToIso('')).toBeNull();
  });

  it('trims, upper-cases codes, turns seats into numbers and prices into two places', () => {
    const body = toCreateEventBody({
      name: ' Gala ',
      venue: 'Hall',
      startsAt: '2027-06-01T20:00',
      currency: 'eur',
      rows: [row(0, 'a', '12', '50'), row(1, 'B', '8', '7.5')],
    });
    expect(body).toEqual({
      name: 'Gala',
      venue: 'Hall',
      startsAt: new Date(2027, 5, 1, 20, 0).toISOString(),
      currency: 'EUR',
      rows: [
        { label: 'A', seats: 12, price: '50.00' },
        { label: 'B', seats: 8, price: '7.50' },
      ],
    });
  });

  it('sends what it cannot convert as typed, so that the server names the field', () => {
    const body = toCreateEventBody({ name: 'X', venue: 'Y', startsAt: '', currency: 'EUR', rows: [row(0, 'A', '', 'fifty')] });
    expect(body.startsAt).toBe('');
    expect(body.rows?.[0]).toEqual({ label: 'A', seats: '', price: 'fifty' });
  });
});

describe('the preview', () => {
  it('draws every seat of every valid row, all available, ids as the server makes them', () => {
    const preview = previewSeats([row(0, 'A', '3', '50'), row(1, 'B', '2', '30.00')]);
    expect(preview.seats.map((seat) => seat.id)).toEqual(['A1', 'A2', 'A3', 'B1', 'B2']);
    expect(preview.seats.every((seat) => seat.status === 'available')).toBe(true);
    expect(preview.rows).toEqual([
      { label: 'A', seats: 3, price: '50.00' },
      { label: 'B', seats: 2, price: '30.00' },
    ]);
    expect(preview.rowsLeftOut).toBe(0);
  });

  it('leaves out rows with a bad label, seat count or price, and a label used twice', () => {
    const preview = previewSeats([row(0, 'A', '2'), row(1, 'A', '2'), row(2, 'B', '0'), row(3, 'C', '201'), row(4, 'D', '2', 'x'), row(5, '1', '2')]);
    expect(preview.seats.map((seat) => seat.id)).toEqual(['A1', 'A2']);
    expect(preview.rowsLeftOut).toBe(5);
  });
});

describe('the server\'s field errors', () => {
  const sent = [row(7, 'A'), row(9, 'B')];

  it('puts form fields on their inputs and row fields on the row that was sent at that index', () => {
    const errors = mapFieldErrors(
      [
        { field: 'name', message: 'name must be 1 to 200 characters' },
        { field: 'rows.1.price', message: 'price must be a decimal string with two places, such as "50.00"' },
        { field: 'rows.0.seats', message: 'seats must be at least 1' },
        { field: 'rows.0.seats', message: 'seats must be a whole number' },
        { field: 'rows', message: 'Row labels must be unique; A appears more than once.' },
      ],
      sent,
    );
    expect(errorText(errors, 'name')).toBe('name must be 1 to 200 characters');
    expect(errorText(errors, 'row:9:price')).toBe('price must be a decimal string with two places, such as "50.00"');
    expect(errorText(errors, 'row:7:seats')).toBe('seats must be at least 1 seats must be a whole number');
    expect(errorText(errors, 'rows')).toBe('Row labels must be unique; A appears more than once.');
    expect(errorText(errors, 'row:7:price')).toBeNull();
  });

  it('keeps fields it cannot place for the form as a whole', () => {
    const errors = mapFieldErrors([{ field: 'colour', message: 'colour is not a known field; remove it.' }, { field: 'rows.5.label', message: 'x' }], sent);
    expect(errors.get('form')).toEqual(['colour is not a known field; remove it.', 'x']);
  });
});

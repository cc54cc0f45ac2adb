import { attendeeCsv } from './box-office.queries';

const HEADER = 'reservationId,username,seats,totalPrice,currency,status,createdAt,cancelledAt\r\n';
const row = (username: string, seats = 'A1 A2') => ['r-1', username, seats, '100.00', 'EUR', 'confirmed', '2026-12-22T10:00:00.000Z', ''];

describe('the attendee list as RFC 4180 CSV', () => {
  it('starts with the header row and ends every record with CRLF', () => {
    expect(attendeeCsv([])).toBe(HEADER);
    expect(attendeeCsv([row('alice')])).toBe(`${HEADER}r-1,alice,A1 A2,100.00,EUR,confirmed,2026-12-22T10:00:00.000Z,\r\n`);
  });

  it('quotes a field holding a comma, and doubles the quotes of a field holding quotes', () => {
    expect(attendeeCsv([row('a,b')])).toContain('r-1,"a,b",A1 A2,');
    expect(attendeeCsv([row('say "hi"')])).toContain('r-1,"say ""hi""",A1 A2,');
  });

  it('quotes a field holding a line break of any kind, so a record never spills onto the next line', () => {
    expect(attendeeCsv([row('x', 'line1\nline2')])).toContain(',x,"line1\nline2",100.00,');
    expect(attendeeCsv([row('x', 'line1\r\nline2')])).toContain(',x,"line1\r\nline2",100.00,');
    expect(attendeeCsv([row('x', 'cr\ronly')])).toContain(',x,"cr\ronly",100.00,');
  });

  it('leaves plain fields unquoted', () => {
    expect(attendeeCsv([row('alice')]).split('\r\n')[1]).not.toContain('"');
  });
});

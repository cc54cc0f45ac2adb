import { formatMoney, fromCents, sumMoney, toCents } from './money';

describe('money', () => {
  it('adds decimal amounts in whole cents, so 0.10 + 0.20 is exactly 0.30', () => {
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
  });

  it('totals two 50.00 seats as 100.00', () => {
    expect(sumMoney(['50.00', '50.00'])).toBe('100.00');
  });

  it('totals nothing as 0.00', () => {
    expect(sumMoney([])).toBe('0.00');
  });

  it('reads amounts with one or no decimal places', () => {
    expect(toCents('12.5')).toBe(1250);
    expect(toCents('7')).toBe(700);
    expect(fromCents(5)).toBe('0.05');
  });

  it('refuses something that is not an amount', () => {
    expect(() => toCents('fifty')).toThrow('Not a money amount');
  });

  it('writes the currency after the amount', () => {
    expect(formatMoney('50.00', 'EUR')).toBe('50.00 EUR');
  });
});

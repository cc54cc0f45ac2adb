// Money as the API sends it: a decimal string with two places ("50.00") and a currency code beside it.
// Sums are done in whole cents so that 0.10 + 0.20 stays 0.30.

export function toCents(amount: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) {
    throw new Error(`Not a money amount: "${amount}"`);
  }
  const [, sign, whole, fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

export function fromCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function sumMoney(amounts: readonly string[]): string {
  return fromCents(amounts.reduce((total, amount) => total + toCents(amount), 0));
}

/** "50.00 EUR": the form the seat labels and messages use. */
export function formatMoney(amount: string, currency: string): string {
  return currency ? `${amount} ${currency}` : amount;
}

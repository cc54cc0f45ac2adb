/** Money as decimal strings with two places, added in integer cents so that 0.1 + 0.2 stays exact. */
export const MONEY_PATTERN = /^(0|[1-9]\d{0,8})\.\d{2}$/;

export const toCents = (amount: string): number => {
  if (!MONEY_PATTERN.test(amount)) throw new RangeError(`not a money amount: ${amount}`);
  const [whole, cents] = amount.split('.');
  return Number(whole) * 100 + Number(cents);
};

export const fromCents = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

export const sumMoney = (amounts: readonly string[]): string => fromCents(amounts.reduce((total, a) => total + toCents(a), 0));

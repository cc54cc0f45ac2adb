import { delayToNextTick, formatCountdown, latestPassedDeadline, nextDeadline } from './countdown';

describe('formatCountdown', () => {
  it('shows a fresh five-minute hold, a moment later, as 04:59', () => {
    expect(formatCountdown(299_999)).toBe('04:59');
  });

  it('rounds whole seconds down', () => {
    expect(formatCountdown(61_999)).toBe('01:01');
    expect(formatCountdown(999)).toBe('00:00');
  });

  it('pads minutes and seconds with zeros', () => {
    expect(formatCountdown(5_000)).toBe('00:05');
  });

  it('never goes below 00:00', () => {
    expect(formatCountdown(-4_000)).toBe('00:00');
  });

  it('shows dashes for a hold without a known end', () => {
    expect(formatCountdown(Number.POSITIVE_INFINITY)).toBe('--:--');
  });
});

describe('delayToNextTick', () => {
  const now = 1_000_000;

  it('beats once a second when nothing is held', () => {
    expect(delayToNextTick([], now)).toBe(1005);
  });

  it('beats when the next held seat’s countdown text changes', () => {
    expect(delayToNextTick([now + 4_250], now)).toBe(255);
    expect(delayToNextTick([now + 9_900, now + 4_250], now)).toBe(255);
  });

  it('beats when the next lock of anyone ends, so the seat frees itself on time', () => {
    expect(delayToNextTick([], now, now + 300)).toBe(305);
    expect(delayToNextTick([now + 4_250], now, now + 100)).toBe(105);
  });

  it('ignores holds that have already ended', () => {
    expect(delayToNextTick([now - 10], now)).toBe(1005);
  });
});

describe('latestPassedDeadline', () => {
  const deadlines = [100, 200, 300];

  it('is minus infinity before the first deadline', () => {
    expect(latestPassedDeadline(deadlines, 99)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('is the last deadline reached, so it moves only when a lock ends', () => {
    expect(latestPassedDeadline(deadlines, 200)).toBe(200);
    expect(latestPassedDeadline(deadlines, 299)).toBe(200);
    expect(latestPassedDeadline(deadlines, 5_000)).toBe(300);
  });
});

describe('nextDeadline', () => {
  it('is the first deadline still ahead, or null when all have passed', () => {
    expect(nextDeadline([100, 200, 300], 150)).toBe(200);
    expect(nextDeadline([100, 200, 300], 200)).toBe(300);
    expect(nextDeadline([100, 200, 300], 300)).toBeNull();
  });
});

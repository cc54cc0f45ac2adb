import { AuditEntry } from './audit-api';
import { entryInstant, entryReason, entryUser, formatInstant, matchesFilter } from './audit-entries';
import { historySteps } from './history-steps';

const entry = (type: string, data: Record<string, unknown>, recordedAt = '2026-12-22T10:00:00.005Z', userId = 'u-alice', stream = 'seat-e1-A1'): AuditEntry => ({
  position: `${recordedAt}`,
  stream,
  type,
  data,
  metadata: { userId, correlationId: 'c', causationId: 'c' },
  recordedAt,
});

describe('reading audit entries', () => {
  it('dates an entry by the domain time it carries, which is what time travel replays up to', () => {
    expect(entryInstant(entry('SeatLocked', { lockedAt: '2026-12-22T10:00:00.001Z' }))).toBe('2026-12-22T10:00:00.001Z');
    expect(entryInstant(entry('SeatReleased', { releasedAt: '2026-12-22T10:05:00.000Z', reason: 'expired' }))).toBe('2026-12-22T10:05:00.000Z');
    // More time: when it was given, not the new end of the lock.
    expect(entryInstant(entry('SeatLockExtended', { extendedAt: '2026-12-22T10:03:00.000Z', lockedUntil: '2026-12-22T10:08:00.000Z' }))).toBe('2026-12-22T10:03:00.000Z');
  });

  it('reads the box office’s events at the time they were decided', () => {
    expect(entryInstant(entry('SeatBlocked', { blockedAt: '2026-12-22T09:00:00.000Z', reason: 'House seat' }))).toBe('2026-12-22T09:00:00.000Z');
    expect(entryInstant(entry('ShowCancelled', { reason: 'Ill', cancelledAt: '2026-12-22T09:01:00.000Z' }))).toBe('2026-12-22T09:01:00.000Z');
    expect(entryInstant(entry('ShowSalesClosed', { closedAt: '2026-12-22T09:02:00.000Z' }))).toBe('2026-12-22T09:02:00.000Z');
    expect(entryInstant(entry('UserDisabled', { disabledAt: '2026-12-22T09:03:00.000Z' }))).toBe('2026-12-22T09:03:00.000Z');
  });

  it('falls back to the time it was recorded', () => {
    expect(entryInstant(entry('ReservationSomething', {}))).toBe('2026-12-22T10:00:00.005Z');
  });

  it('names the user the event is about: its username, else its user id, else the acting user', () => {
    expect(entryUser(entry('SeatLocked', { username: 'alice' }))).toBe('alice');
    expect(entryUser(entry('SeatReleased', { userId: 'u-bob', reason: 'expired' }, undefined, 'system'))).toBe('u-bob');
    expect(entryUser(entry('ShowScheduled', { name: 'Gala' }, undefined, 'u-admin'))).toBe('u-admin');
    expect(entryReason(entry('SeatReleased', { reason: 'admin' }))).toBe('admin');
    expect(entryReason(entry('SeatLocked', {}))).toBeNull();
  });

  it('filters by part of the stream, the exact type and part of the user id', () => {
    const locked = entry('SeatLocked', {}, undefined, 'u-alice', 'seat-e1-A1');
    const scheduled = entry('ShowScheduled', {}, undefined, 'u-admin', 'show-e1');
    const swept = entry('SeatReleased', {}, undefined, 'system', 'seat-e2-B3');
    const all = [locked, scheduled, swept];
    const keep = (stream: string, type: string, userId: string) => all.filter((e) => matchesFilter(e, { stream, type, userId }));
    expect(keep('', '', '')).toEqual(all);
    expect(keep('SEAT-', '', '')).toEqual([locked, swept]);
    expect(keep('e1', 'ShowScheduled', '')).toEqual([scheduled]);
    expect(keep('', '', 'system')).toEqual([swept]);
    expect(keep('seat-', 'SeatLocked', 'admin')).toEqual([]);
  });

  it('writes instants in UTC to the millisecond', () => {
    expect(formatInstant('2026-12-22T10:05:30.120Z')).toBe('22 Dec 2026, 10:05:30.120 UTC');
  });
});

describe('the time slider\'s stops', () => {
  it('are the distinct instants of the entries in time order, with what happened at each', () => {
    const steps = historySteps([
      entry('SeatsReserved', { seatId: 'A1', username: 'alice', reservedAt: '2026-12-22T10:00:03.000Z' }),
      entry('SeatLocked', { seatId: 'A1', username: 'alice', lockedAt: '2026-12-22T10:00:01.000Z' }),
      entry('SeatLocked', { seatId: 'A2', username: 'alice', lockedAt: '2026-12-22T10:00:01.000Z' }),
    ]);
    expect(steps).toEqual([
      { instant: '2026-12-22T10:00:01.000Z', happened: ['SeatLocked A1 (alice)', 'SeatLocked A2 (alice)'] },
      { instant: '2026-12-22T10:00:03.000Z', happened: ['SeatsReserved A1 (alice)'] },
    ]);
  });

  it('can start a millisecond before the first entry', () => {
    const steps = historySteps([entry('SeatLocked', { seatId: 'A1', lockedAt: '2026-12-22T10:00:01.000Z' })], true);
    expect(steps.map((step) => step.instant)).toEqual(['2026-12-22T10:00:00.999Z', '2026-12-22T10:00:01.000Z']);
    expect(steps[0].happened).toEqual([]);
  });
});

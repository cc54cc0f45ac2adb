import { layoutFromRows, type DomainEvent } from '@tessera/domain';
import type { ProjectedEvent } from './projection';
import { showsProjection, type ShowDoc } from './shows.projection';

const at = '2026-12-01T10:00:00.000Z';
const projected = (event: DomainEvent): ProjectedEvent => ({ ...event, recordedAt: at }) as ProjectedEvent;
const ROWS = [{ label: 'A', seats: 3, price: '50.00' }, { label: 'B', seats: 2, price: '40.00' }];
const scheduled = (showId: string) =>
  projected({
    type: 'ShowScheduled',
    data: { showId, name: 'Concert XYZ', venue: 'Main Hall', startsAt: '2026-12-24T20:00:00.000Z', currency: 'EUR', layout: layoutFromRows(ROWS), scheduledAt: at },
  });

const fold = (events: ProjectedEvent[], key: string): ShowDoc | undefined =>
  events.reduce<ShowDoc | undefined>((doc, e) => (showsProjection.keys(e).includes(key) ? showsProjection.apply(doc, e, key) : doc), undefined);

describe('shows projection', () => {
  it('describes a scheduled show with its layout and the number of seats it gives', () => {
    expect(fold([scheduled('s1')], 's1')).toEqual({
      id: 's1', name: 'Concert XYZ', venue: 'Main Hall', startsAt: '2026-12-24T20:00:00.000Z', currency: 'EUR', layout: layoutFromRows(ROWS), seatCount: 5,
      status: 'scheduled', salesOpen: true, cancelReason: null,
    });
  });

  it('is not touched by seat events: a show document is written once, whatever happens to its seats', () => {
    const lock = projected({ type: 'SeatLocked', data: { showId: 's1', seatId: 'A1', userId: 'u', username: 'alice', lockedAt: at, lockedUntil: at } });
    expect(showsProjection.keys(lock)).toEqual([]);
  });

  it('follows the box office: new details, sales closed and reopened, then cancelled for good', () => {
    const changed = projected({ type: 'ShowDetailsChanged', data: { showId: 's1', startsAt: '2027-01-07T20:00:00.000Z', changedAt: at } });
    const closed = projected({ type: 'ShowSalesClosed', data: { showId: 's1', closedAt: at } });
    const opened = projected({ type: 'ShowSalesOpened', data: { showId: 's1', openedAt: at } });
    const cancelled = projected({ type: 'ShowCancelled', data: { showId: 's1', reason: 'The artist is ill', cancelledAt: at } });
    expect(fold([scheduled('s1'), changed], 's1')).toMatchObject({ name: 'Concert XYZ', venue: 'Main Hall', startsAt: '2027-01-07T20:00:00.000Z' });
    expect(fold([scheduled('s1'), closed], 's1')).toMatchObject({ status: 'scheduled', salesOpen: false });
    expect(fold([scheduled('s1'), closed, opened], 's1')).toMatchObject({ status: 'scheduled', salesOpen: true });
    expect(fold([scheduled('s1'), cancelled], 's1')).toMatchObject({ status: 'cancelled', salesOpen: false, cancelReason: 'The artist is ill' });
    expect(showsProjection.keys(changed)).toEqual(['s1']);
  });

  it('keeps shows apart', () => {
    expect(fold([scheduled('s1'), scheduled('s2')], 's1')?.id).toBe('s1');
    expect(showsProjection.keys(scheduled('s2'))).toEqual(['s2']);
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { seatBlock } from '../../testing/seats';
import { AuditEntry } from './audit-api';
import { SeatTimeline } from './seat-timeline';

const SHOWS = [{ id: 'e1', name: 'Concert XYZ', venue: 'Hall', startsAt: '2027-01-01T20:00:00.000Z', currency: 'EUR', seatCount: 2, availableCount: 2 }];
const entry = (n: number, type: string, data: Record<string, unknown>, userId: string): AuditEntry => ({
  position: `${n}-${n}`,
  stream: 'seat-e1-A1',
  type,
  data,
  metadata: { userId, correlationId: 'c', causationId: 'c' },
  recordedAt: '2026-12-22T10:00:00.000Z',
});

describe('A seat\'s timeline', () => {
  let fixture: ComponentFixture<SeatTimeline>;
  let http: HttpTestingController;
  let root: HTMLElement;

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [SeatTimeline], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SeatTimeline);
    fixture.componentRef.setInput('shows', SHOWS);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('lists the seat\'s entries with time, type, reason and user, by the seat\'s label', async () => {
    const select = root.querySelector<HTMLSelectElement>('#timeline-event')!;
    select.value = 'e1';
    select.dispatchEvent(new Event('change'));
    const seat = root.querySelector<HTMLInputElement>('#timeline-seat')!;
    seat.value = 'a1';
    seat.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await fixture.whenStable();
    http.expectOne('/api/events/e1/seats/').flush({ eventId: 'e1', serverTime: '2026-12-22T11:00:00.000Z', seats: seatBlock(['A'], 2).map((s) => ({ ...s, id: `id-${s.label}` })) });
    await settle();
    http.expectOne('/api/audit/events/e1/seats/id-A1/history/').flush({
      entries: [
        entry(1, 'SeatLocked', { userId: 'u-alice', username: 'alice', lockedAt: '2026-12-22T10:00:00.000Z' }, 'u-alice'),
        entry(2, 'SeatReleased', { userId: 'u-alice', reason: 'admin', releasedAt: '2026-12-22T10:01:00.000Z' }, 'u-admin'),
        entry(3, 'SeatReleased', { userId: 'u-bob', reason: 'expired', releasedAt: '2026-12-22T10:09:00.000Z' }, 'system'),
      ],
    });
    await settle();
    expect(root.querySelector('h3')?.textContent).toBe('Timeline of A1 of Concert XYZ');
    const items = Array.from(root.querySelectorAll('.timeline li')).map((item) => item.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      '22 Dec 2026, 10:00:00.000 UTC, SeatLocked, user: alice',
      '22 Dec 2026, 10:01:00.000 UTC, SeatReleased, reason: admin, user: u-alice, by u-admin',
      '22 Dec 2026, 10:09:00.000 UTC, SeatReleased, reason: expired, user: u-bob, by system',
    ]);
  });

  it('shows the timeline of a seat picked elsewhere at once', async () => {
    fixture.componentRef.setInput('request', { showId: 'e1', seatId: 'id-A2' });
    await fixture.whenStable();
    http.expectOne('/api/events/e1/seats/').flush({ eventId: 'e1', serverTime: '2026-12-22T11:00:00.000Z', seats: seatBlock(['A'], 2).map((s) => ({ ...s, id: `id-${s.label}` })) });
    await settle();
    http.expectOne('/api/audit/events/e1/seats/id-A2/history/').flush({ entries: [] });
    await settle();
    expect(root.querySelector<HTMLInputElement>('#timeline-seat')!.value).toBe('A2');
    expect(root.textContent).toContain('Nothing has happened to this seat yet');
  });
});

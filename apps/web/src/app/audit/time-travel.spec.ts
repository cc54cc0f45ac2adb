import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Seat } from '../api/seats-api';
import { ShowDetail } from '../api/shows-api';
import { seatBlock, simpleShow } from '../../testing/seats';
import { AuditEntry } from './audit-api';
import { TimeTravel } from './time-travel';

const SHOW: ShowDetail = simpleShow(
  {
  id: 'e1',
  name: 'Concert XYZ',
  venue: 'Main Hall',
  startsAt: '2027-01-01T20:00:00.000Z',
  currency: 'EUR',
  seatCount: 4,
  availableCount: 4,
  },
  [
    { label: 'A', seats: 2, price: '50.00' },
    { label: 'B', seats: 2, price: '50.00' },
  ],
);

const SCHEDULED = '2026-12-22T10:00:00.000Z';
const LOCKED = '2026-12-22T10:05:30.120Z';
const REQUESTED = '2026-12-22T10:05:30.480Z';
const RESERVED = '2026-12-22T10:05:30.510Z';

let position = 0;
function entry(stream: string, type: string, data: Record<string, unknown>, recordedAt: string, userId = 'u-alice'): AuditEntry {
  position++;
  return { position: `${position}-${position}`, stream, type, data, metadata: { userId, correlationId: 'c', causationId: 'c' }, recordedAt };
}

const LOG_PAGE_1 = [
  entry('user-u-alice', 'UserRegistered', { userId: 'u-alice', username: 'alice', roles: ['user'], registeredAt: '2026-12-22T09:59:00.000Z' }, '2026-12-22T09:59:00.001Z', 'system'),
  entry('show-e1', 'ShowScheduled', { showId: 'e1', name: 'Concert XYZ', scheduledAt: SCHEDULED }, '2026-12-22T10:00:00.002Z', 'u-admin'),
  entry('seat-e2-A1', 'SeatLocked', { showId: 'e2', seatId: 'A1', username: 'bob', lockedAt: '2026-12-22T10:01:00.000Z' }, '2026-12-22T10:01:00.001Z'),
];
const LOG_PAGE_2 = [
  entry('seat-e1-A1', 'SeatLocked', { showId: 'e1', seatId: 'A1', userId: 'u-alice', username: 'alice', lockedAt: LOCKED, lockedUntil: '2026-12-22T10:10:30.120Z' }, '2026-12-22T10:05:30.121Z'),
  entry('reservation-r1', 'ReservationRequested', { showId: 'e1', reservationId: 'r1', username: 'alice', requestedAt: REQUESTED }, '2026-12-22T10:05:30.481Z'),
  entry('seat-e1-A1', 'SeatsReserved', { showId: 'e1', seatId: 'A1', reservationId: 'r1', username: 'alice', reservedAt: RESERVED }, '2026-12-22T10:05:30.512Z'),
  entry('reservation-r1', 'ReservationConfirmed', { reservationId: 'r1', confirmedAt: '2026-12-22T10:05:30.530Z' }, '2026-12-22T10:05:30.531Z'),
];

function seatsAsOf(asOf: string, a1: Partial<Seat>): { eventId: string; serverTime: string; seats: Seat[] } {
  const seats = seatBlock(['A', 'B'], 2).map((seat) => ({ ...seat, id: seat.label }));
  seats[0] = { ...seats[0], ...a1 };
  return { eventId: 'e1', serverTime: asOf, seats };
}

const AVAILABLE: Partial<Seat> = {};
const LOCKED_BY_ALICE: Partial<Seat> = { status: 'locked', lockedBy: 'alice', lockedUntil: '2026-12-22T10:10:30.120Z' };
const RESERVED_SEAT: Partial<Seat> = { status: 'reserved', lockedBy: null, lockedUntil: null };

describe('Time travel: the seat grid over time', () => {
  let fixture: ComponentFixture<TimeTravel>;
  let http: HttpTestingController;
  let root: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [TimeTravel], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TimeTravel);
    fixture.componentRef.setInput('shows', [SHOW]);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };
  const slider = () => root.querySelector<HTMLInputElement>('input[type="range"]')!;
  const a1 = () => root.querySelector('.map button[aria-label^="Row A, seat 1, "]')?.getAttribute('aria-label');
  const asOfRequest = (instant: string): TestRequest =>
    http.expectOne((request) => request.url === '/api/audit/events/e1/seats/' && request.params.get('asOf') === instant);

  async function chooseEvent(seat = ''): Promise<void> {
    const select = root.querySelector<HTMLSelectElement>('#travel-event')!;
    select.value = 'e1';
    select.dispatchEvent(new Event('change'));
    const seatInput = root.querySelector<HTMLInputElement>('#travel-seat')!;
    seatInput.value = seat;
    seatInput.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await fixture.whenStable();
  }

  async function loadEventHistory(): Promise<void> {
    await chooseEvent();
    http.expectOne('/api/events/e1/').flush({ event: SHOW });
    http.expectOne((request) => request.url === '/api/audit/log/' && !request.params.has('from') && request.params.get('limit') === '1000')
      .flush({ entries: LOG_PAGE_1, next: '3-3' });
    await settle();
    http.expectOne((request) => request.url === '/api/audit/log/' && request.params.get('from') === '3-3').flush({ entries: LOG_PAGE_2, next: null });
    await settle();
  }

  async function slideTo(index: number): Promise<void> {
    slider().value = String(index);
    slider().dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  it('reads the whole log, keeps this event\'s entries and stops at each of their instants', async () => {
    await loadEventHistory();
    expect(slider().min).toBe('0');
    expect(slider().max).toBe('3');
    expect(root.querySelector(`label[for="${slider().id}"]`)?.textContent).toBe('Instant');
    asOfRequest(SCHEDULED).flush(seatsAsOf(SCHEDULED, AVAILABLE));
    await settle();
    expect(slider().getAttribute('aria-valuetext')).toBe('22 Dec 2026, 10:00:00.000 UTC');
  });

  it('asks for the grid as of each instant the slider moves to: available, then locked by alice, then reserved', async () => {
    await loadEventHistory();
    asOfRequest(SCHEDULED).flush(seatsAsOf(SCHEDULED, AVAILABLE));
    await settle();
    expect(a1()).toBe('Row A, seat 1, available, 50.00 EUR');

    await slideTo(1);
    expect(slider().getAttribute('aria-valuetext')).toBe('22 Dec 2026, 10:05:30.120 UTC');
    expect(root.querySelector('.happened')?.textContent).toContain('SeatLocked A1 (alice)');
    asOfRequest(LOCKED).flush(seatsAsOf(LOCKED, LOCKED_BY_ALICE));
    await settle();
    expect(a1()).toBe('Row A, seat 1, locked by alice, 50.00 EUR');
    expect(root.querySelector('.as-of time')?.getAttribute('datetime')).toBe(LOCKED);

    await slideTo(3);
    expect(slider().getAttribute('aria-valuetext')).toBe('22 Dec 2026, 10:05:30.510 UTC');
    asOfRequest(RESERVED).flush(seatsAsOf(RESERVED, RESERVED_SEAT));
    await settle();
    expect(a1()).toBe('Row A, seat 1, reserved, 50.00 EUR');

    await slideTo(0);
    asOfRequest(SCHEDULED).flush(seatsAsOf(SCHEDULED, AVAILABLE));
    await settle();
    expect(a1()).toBe('Row A, seat 1, available, 50.00 EUR');
  });

  it('drops the replay of an instant the slider has already left', async () => {
    await loadEventHistory();
    asOfRequest(SCHEDULED).flush(seatsAsOf(SCHEDULED, AVAILABLE));
    await settle();
    await slideTo(1);
    const stale = asOfRequest(LOCKED);
    await slideTo(3);
    expect(stale.cancelled).toBe(true);
    asOfRequest(RESERVED).flush(seatsAsOf(RESERVED, RESERVED_SEAT));
    await settle();
    expect(a1()).toBe('Row A, seat 1, reserved, 50.00 EUR');
  });

  it('moves one stop with the "Earlier" and "Later" buttons', async () => {
    await loadEventHistory();
    asOfRequest(SCHEDULED).flush(seatsAsOf(SCHEDULED, AVAILABLE));
    await settle();
    const later = Array.from(root.querySelectorAll('button')).find((button) => button.textContent?.trim() === 'Later')!;
    later.click();
    await fixture.whenStable();
    asOfRequest(LOCKED).flush(seatsAsOf(LOCKED, LOCKED_BY_ALICE));
    await settle();
    expect(slider().value).toBe('1');
    expect(a1()).toBe('Row A, seat 1, locked by alice, 50.00 EUR');
  });

  it('with a seat, stops at that seat\'s own entries, starting just before the first', async () => {
    await chooseEvent('a1');
    http.expectOne('/api/events/e1/').flush({ event: SHOW });
    http.expectOne('/api/events/e1/seats/').flush(seatsAsOf('2026-12-22T11:00:00.000Z', RESERVED_SEAT));
    await settle();
    http.expectOne('/api/audit/events/e1/seats/A1/history/').flush({ entries: [LOG_PAGE_2[0], LOG_PAGE_2[2]] });
    await settle();
    expect(slider().max).toBe('2');
    asOfRequest('2026-12-22T10:05:30.119Z').flush(seatsAsOf('2026-12-22T10:05:30.119Z', AVAILABLE));
    await settle();
    expect(root.querySelector('.happened')?.textContent).toContain('Just before the first entry.');
    expect(a1()).toBe('Row A, seat 1, available, 50.00 EUR');
    await slideTo(2);
    asOfRequest(RESERVED).flush(seatsAsOf(RESERVED, RESERVED_SEAT));
    await settle();
    expect(a1()).toBe('Row A, seat 1, reserved, 50.00 EUR');
  });

  it('reports the seat picked on the map, for its timeline', async () => {
    const picked: unknown[] = [];
    fixture.componentInstance.seatPicked.subscribe((seat) => picked.push(seat));
    await loadEventHistory();
    asOfRequest(SCHEDULED).flush(seatsAsOf(SCHEDULED, AVAILABLE));
    await settle();
    root.querySelector<HTMLButtonElement>('.map button[aria-label^="Row B, seat 2, "]')!.click();
    expect(picked).toEqual([{ showId: 'e1', seatId: 'B2' }]);
  });

  it('shows the API\'s sentence when the replay is refused', async () => {
    await loadEventHistory();
    asOfRequest(SCHEDULED).flush({ code: 'forbidden', detail: 'This needs the role auditor.' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent?.trim()).toBe('This needs the role auditor.');
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ShowDetail } from '../api/shows-api';
import { lockedSeat, seatBlock, simpleShow } from '../../testing/seats';
import { ReleaseSeat, releaseSentence } from './release-seat';

const SHOW: ShowDetail = simpleShow(
  {
  id: 'e1',
  name: 'Concert XYZ',
  venue: 'Hall',
  startsAt: '2027-01-01T20:00:00.000Z',
  currency: 'EUR',
  seatCount: 4,
  availableCount: 3,
  },
  [{ label: 'A', seats: 4, price: '50.00' }],
);

describe('Release a seat', () => {
  let fixture: ComponentFixture<ReleaseSeat>;
  let http: HttpTestingController;
  let root: HTMLElement;

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };
  const grid = (held: boolean) => ({
    eventId: 'e1',
    serverTime: '2026-12-22T10:00:00.000Z',
    seats: seatBlock(['A'], 4).map((seat) =>
      seat.label === 'A2' && held ? { ...lockedSeat('A2', 'alice', '2026-12-22T10:05:00.000Z'), id: 'seat-A2' } : seat,
    ),
  });

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [ReleaseSeat], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ReleaseSeat);
    fixture.componentRef.setInput('shows', [SHOW]);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const select = root.querySelector<HTMLSelectElement>('#release-event')!;
    select.value = 'e1';
    select.dispatchEvent(new Event('change'));
    http.expectOne('/api/events/e1/').flush({ event: SHOW });
    http.expectOne('/api/events/e1/seats/').flush(grid(true));
    await settle();
  });

  afterEach(() => http.verify());

  it('releases a seat clicked on the map, by the id the server gave it, and says what became of it', async () => {
    root.querySelector<HTMLButtonElement>('.map button[aria-label^="Row A, seat 2, "]')!.click();
    await fixture.whenStable();
    expect(root.querySelector<HTMLInputElement>('#release-seat')!.value).toBe('A2');
    expect(root.querySelector('#release-seat-hint')?.textContent?.trim()).toBe('Row A, seat 2, locked by alice, 50.00 EUR');

    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await fixture.whenStable();
    const request = http.expectOne('/api/admin/events/e1/seats/seat-A2/release/');
    expect(request.request.method).toBe('POST');
    request.flush({ seat: { ...grid(false).seats[1], id: 'seat-A2' } });
    await settle();
    http.expectOne('/api/events/e1/').flush({ event: SHOW });
    http.expectOne('/api/events/e1/seats/').flush(grid(false));
    await settle();
    expect(root.querySelector('[role="status"]')?.textContent?.trim()).toBe('A2 released: it is available now.');
    expect(root.querySelector('.map button[aria-label^="Row A, seat 2, "]')?.getAttribute('aria-label')).toBe('Row A, seat 2, available, 50.00 EUR');
  });

  it('shows the API\'s sentence for an unknown seat', async () => {
    const seat = root.querySelector<HTMLInputElement>('#release-seat')!;
    seat.value = 'Z9';
    seat.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await fixture.whenStable();
    http.expectOne('/api/admin/events/e1/seats/Z9/release/').flush({ code: 'not_found', detail: 'There is no seat Z9 in this event.' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent?.trim()).toBe('There is no seat Z9 in this event.');
  });

  it('tells a free seat apart from a released one', () => {
    const free = grid(false).seats[0];
    expect(releaseSentence(free, true)).toBe('A1 was already available; nothing was recorded.');
    expect(releaseSentence(free, false)).toBe('A1 released: it is available now.');
  });
});

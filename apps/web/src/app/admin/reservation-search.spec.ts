import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { simpleShow } from '../../testing/seats';
import { BookedReservation } from './box-office-api';
import { ReservationSearch, resultsSummary } from './reservation-search';

const SHOW = simpleShow(
  { id: 'e1', name: 'Concert XYZ', venue: 'Hall', startsAt: '2027-01-01T20:00:00.000Z', currency: 'EUR', seatCount: 4, availableCount: 2 },
  [{ label: 'A', seats: 4, price: '50.00' }],
);
const booking = (id: string, overrides: Partial<BookedReservation> = {}): BookedReservation => ({
  id,
  eventId: 'e1',
  eventName: 'Concert XYZ',
  eventStartsAt: '2027-01-01T20:00:00.000Z',
  venue: 'Hall',
  seatIds: ['seat-A1', 'seat-A2'],
  seats: ['A1', 'A2'],
  totalPrice: '100.00',
  currency: 'EUR',
  status: 'confirmed',
  createdAt: '2026-12-22T10:00:00.000Z',
  username: 'alice',
  ...overrides,
});

describe('finding and cancelling bookings', () => {
  let fixture: ComponentFixture<ReservationSearch>;
  let http: HttpTestingController;
  let root: HTMLElement;

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };
  const choose = async (id: string, value: string) => {
    const field = root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
    field.value = value;
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'));
    await fixture.whenStable();
  };
  const press = async (name: string, scope: ParentNode = root) => {
    Array.from(scope.querySelectorAll('button')).find((b) => b.textContent?.trim() === name)!.click();
    await settle();
  };
  const searchRequest = (): TestRequest => http.expectOne((r) => r.url === '/api/admin/reservations/');
  const items = () => Array.from(root.querySelectorAll('.booking'));
  const status = () => root.querySelector('.results-status')?.textContent?.replace(/\s+/g, ' ').trim();

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [ReservationSearch], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ReservationSearch);
    fixture.componentRef.setInput('shows', [SHOW]);
    root = fixture.nativeElement as HTMLElement;
    document.body.appendChild(root);
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    root.remove();
  });

  it('searches by event, username and status, and lists what it finds newest first', async () => {
    await choose('bookings-event', 'e1');
    await choose('bookings-username', 'alice');
    await choose('bookings-status', 'confirmed');
    await press('Search');
    const request = searchRequest();
    expect(request.request.urlWithParams).toBe('/api/admin/reservations/?eventId=e1&username=alice&status=confirmed&limit=20');
    request.flush({ reservations: [booking('r2'), booking('r1', { seats: ['B1'], status: 'cancelled', cancelledBy: 'organiser', reason: 'The artist is ill' })], next: null });
    await settle();
    expect(status()).toBe('2 reservations found.');
    expect(items().map((item) => item.querySelector('h3')?.textContent?.trim())).toEqual(['alice: A1, A2', 'alice: B1']);
    expect(items()[1].querySelector('.booking-note')?.textContent).toBe('Cancelled by the organiser: The artist is ill');
    expect(items()[1].querySelector('button')).toBeNull();
  });

  it('offers the chosen event\'s attendee list as a download', async () => {
    expect(root.querySelector('a[download]')).toBeNull();
    await choose('bookings-event', 'e1');
    const link = root.querySelector('a[download]');
    expect(link?.textContent?.trim()).toBe('Download attendee list (CSV)');
    expect(link?.getAttribute('href')).toBe('/api/admin/events/e1/attendees.csv');
  });

  it('shows older bookings with More while there are any, with the filter searched', async () => {
    await choose('bookings-username', 'alice');
    await press('Search');
    searchRequest().flush({ reservations: [booking('r3')], next: 'cursor-2' });
    await settle();
    expect(status()).toBe('1 reservation shown, newest first; More shows older ones.');
    await choose('bookings-username', 'bob');
    await press('More');
    const next = searchRequest();
    expect(next.request.urlWithParams).toBe('/api/admin/reservations/?username=alice&from=cursor-2&limit=20');
    next.flush({ reservations: [booking('r2'), booking('r1')], next: null });
    await settle();
    expect(items().length).toBe(3);
    expect(status()).toBe('3 reservations found.');
    expect(Array.from(root.querySelectorAll('button')).some((b) => b.textContent?.trim() === 'More')).toBe(false);
    expect(document.activeElement?.id).toBe('booking-r2-title');
  });

  it('cancels a confirmed booking for the customer after a reason and a confirmation', async () => {
    await press('Search');
    searchRequest().flush({ reservations: [booking('r1')], next: null });
    await settle();
    await press('Cancel for customer', items()[0]);
    expect(root.querySelector('app-reason-prompt h3')?.textContent?.trim()).toBe('Cancel alice’s reservation of A1, A2');
    await choose(root.querySelector('app-reason-prompt input')!.id, 'Double booking');
    await press('Cancel reservation');
    expect(root.querySelector('.prompt-question')?.textContent).toBe('Cancel alice’s reservation of A1, A2 (100.00 EUR) for Concert XYZ? Its seats go back on sale. This cannot be undone.');
    await press('Yes, cancel it');
    const cancel = http.expectOne('/api/admin/reservations/r1/cancel/');
    expect([cancel.request.method, cancel.request.body]).toEqual(['POST', { reason: 'Double booking' }]);
    const { username: _username, ...withoutUser } = booking('r1', { status: 'cancelled', cancelledBy: 'admin', reason: 'Double booking', cancelledAt: '2026-12-22T11:00:00.000Z' });
    cancel.flush({ reservation: withoutUser });
    await settle();
    expect(items()[0].querySelector('.status')?.textContent).toBe('cancelled');
    expect(items()[0].querySelector('.booking-username')?.textContent).toBe('alice');
    expect(items()[0].querySelector('.booking-note')?.textContent).toBe('Cancelled by the box office: Double booking');
    expect(status()).toContain("Cancelled alice's reservation of A1, A2 for Concert XYZ. The seats are on sale again.");
    expect(document.activeElement?.id).toBe('booking-r1-title');
  });

  it('says a booking someone else cancelled first was already cancelled', async () => {
    await press('Search');
    searchRequest().flush({ reservations: [booking('r1')], next: null });
    await settle();
    await press('Cancel for customer', items()[0]);
    await choose(root.querySelector('app-reason-prompt input')!.id, 'Double booking');
    await press('Cancel reservation');
    await press('Yes, cancel it');
    http.expectOne('/api/admin/reservations/r1/cancel/').flush(
      { code: 'already_cancelled', detail: 'This reservation was already cancelled.' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(items()[0].querySelector('.status')?.textContent).toBe('cancelled');
    expect(status()).toContain('This reservation was already cancelled.');
  });

  it('gives the focus back to its button when the booking is kept', async () => {
    await press('Search');
    searchRequest().flush({ reservations: [booking('r1')], next: null });
    await settle();
    await press('Cancel for customer', items()[0]);
    await press('Keep it');
    expect(root.querySelector('app-reason-prompt')).toBeNull();
    expect(document.activeElement?.id).toBe('booking-r1-cancel');
  });

  it('shows the API\'s sentence when the search is refused', async () => {
    await press('Search');
    searchRequest().flush({ code: 'validation_failed', detail: 'status must be confirmed or cancelled.' }, { status: 400, statusText: 'Bad Request' });
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent?.trim()).toBe('status must be confirmed or cancelled.');
  });

  it('sums the results up for the live region', () => {
    expect(resultsSummary(0, false)).toBe('No reservations match.');
    expect(resultsSummary(20, true)).toBe('20 reservations shown, newest first; More shows older ones.');
  });
});

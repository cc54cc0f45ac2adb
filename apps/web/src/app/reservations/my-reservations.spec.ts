import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Reservation } from '../api/reservations-api';
import { MyReservations } from './my-reservations';

const confirmed: Reservation = {
  id: 'r2',
  eventId: 'e1',
  eventName: 'Concert XYZ',
  eventStartsAt: '2027-01-15T19:30:00.000Z',
  venue: 'Main Hall',
  seatIds: ['s1', 's2'],
  seats: ['A1', 'A2'],
  totalPrice: '100.00',
  currency: 'EUR',
  status: 'confirmed',
  createdAt: '2026-12-22T10:05:00.000Z',
};
const cancelled: Reservation = { ...confirmed, id: 'r1', seats: ['C3'], seatIds: ['s3'], totalPrice: '50.00', status: 'cancelled', cancelledAt: '2026-12-22T10:01:00.000Z', cancelledBy: 'owner' };
const byBoxOffice: Reservation = { ...cancelled, id: 'r0', seats: ['D1'], seatIds: ['s4'], cancelledBy: 'admin', reason: 'Double booking' };
const byOrganiser: Reservation = { ...cancelled, id: 'r-1', seats: ['E1'], seatIds: ['s5'], cancelledBy: 'organiser', reason: 'The artist is ill' };

describe('My reservations', () => {
  let fixture: ComponentFixture<MyReservations>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [MyReservations],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MyReservations);
    fixture.detectChanges();
    http.expectOne('/api/reservations/').flush({ reservations: [confirmed, cancelled] });
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  it('shows each reservation\'s event with its date and venue', () => {
    const when = items()[0].querySelector('.reservation-when');
    expect(when?.querySelector('time')?.getAttribute('datetime')).toBe('2027-01-15T19:30:00.000Z');
    expect(when?.textContent).toMatch(/2027.*· Main Hall/s);
  });

  const items = () => Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('.reservation'));
  const buttonsOf = (item: Element) => Array.from(item.querySelectorAll('button')).map((button) => button.textContent?.trim());
  const press = (item: Element, label: string) => {
    Array.from(item.querySelectorAll('button'))
      .find((button) => button.textContent?.trim() === label)!
      .click();
    fixture.detectChanges();
  };
  const statusOf = (item: Element) => item.querySelector('[class^="status"]')?.textContent?.trim();

  it('shows the event, the seats, the total and the status of each reservation', () => {
    const [first, second] = items();
    expect(first.querySelector('h2')?.textContent).toBe('Concert XYZ');
    expect(first.querySelector('.reservation-seats')?.textContent).toBe('A1, A2');
    expect(first.querySelector('.reservation-total')?.textContent).toBe('100.00 EUR');
    expect(statusOf(first)).toBe('confirmed');
    expect(statusOf(second)).toBe('cancelled');
  });

  it('offers "Cancel" only while a reservation is confirmed', () => {
    const [first, second] = items();
    expect(buttonsOf(first)).toEqual(['Cancel']);
    expect(buttonsOf(second)).toEqual([]);
  });

  it('asks for confirmation before cancelling, and "Keep it" changes nothing', () => {
    const [first] = items();
    press(first, 'Cancel');
    expect(first.textContent).toContain('Cancel this reservation?');
    expect(buttonsOf(first)).toEqual(['Yes, cancel', 'Keep it']);
    http.expectNone('/api/reservations/r2/cancel/');
    press(first, 'Keep it');
    expect(buttonsOf(first)).toEqual(['Cancel']);
    expect(statusOf(first)).toBe('confirmed');
  });

  it('cancels after "Yes, cancel", after which the reservation stays in the list reading cancelled', () => {
    const [first] = items();
    press(first, 'Cancel');
    press(first, 'Yes, cancel');
    const request = http.expectOne('/api/reservations/r2/cancel/');
    expect(request.request.method).toBe('POST');
    request.flush({ reservation: { ...confirmed, status: 'cancelled', cancelledAt: '2026-12-22T11:00:00.000Z' } });
    fixture.detectChanges();
    expect(items()).toHaveLength(2);
    expect(statusOf(items()[0])).toBe('cancelled');
    expect(buttonsOf(items()[0])).toEqual([]);
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Reservation cancelled: A1, A2.');
  });

  it('reads cancelled and says so when the server already had it cancelled', () => {
    const [first] = items();
    press(first, 'Cancel');
    press(first, 'Yes, cancel');
    http
      .expectOne('/api/reservations/r2/cancel/')
      .flush({ code: 'already_cancelled', detail: 'This reservation was cancelled already.' }, { status: 409, statusText: 'Conflict' });
    fixture.detectChanges();
    expect(statusOf(items()[0])).toBe('cancelled');
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'This reservation was cancelled already.',
    );
  });

  it('says who cancelled and why when it was the box office or the organiser, and nothing more for the owner\'s own', () => {
    fixture = TestBed.createComponent(MyReservations);
    fixture.detectChanges();
    http.expectOne('/api/reservations/').flush({ reservations: [confirmed, cancelled, byBoxOffice, byOrganiser] });
    fixture.detectChanges();
    const notes = items().map((item) => item.querySelector('.reservation-note')?.textContent ?? null);
    expect(notes).toEqual([null, null, 'Cancelled by the box office: Double booking', 'Cancelled by the organiser: The artist is ill']);
    expect(statusOf(items()[2])).toBe('cancelled');
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { BehaviorSubject } from 'rxjs';
import { lockedSeat, seat, simpleShow } from '../../testing/seats';
import { Reservation } from '../api/reservations-api';
import { Seat } from '../api/seats-api';
import { ShowDetail } from '../api/shows-api';
import { SessionStore } from '../session/session-store';
import { PageVisibility } from './page-visibility';
import { ShowSeats } from './show-seats';

// The browser's clock says 10:00; the server's says 10:07. Every time on the wire is the server's.
const browserStart = Date.parse('2026-12-22T10:00:00.000Z');
const serverStart = browserStart + 7 * 60_000;
const serverIso = (offsetMs: number) => new Date(serverStart + offsetMs).toISOString();

const show: ShowDetail = simpleShow(
  {
  id: 'e1',
  name: 'Concert XYZ',
  venue: 'Main Hall',
  startsAt: '2026-12-22T19:30:00.000Z',
  currency: 'EUR',
  seatCount: 6,
  availableCount: 2,
  },
  [
    { label: 'A', seats: 4, price: '50.00' },
    { label: 'B', seats: 2, price: '50.00' },
  ],
);

function baseSeats(): Seat[] {
  return [
    seat('A1'),
    lockedSeat('A2', 'alice', serverIso(299_500), true),
    lockedSeat('A3', 'bob', serverIso(120_000)),
    seat('A4'),
    seat('B1', { status: 'reserved' }),
    seat('B2', { status: 'reserved', mine: true }),
  ];
}

describe('ShowSeats page', () => {
  let fixture: ComponentFixture<ShowSeats>;
  let http: HttpTestingController;
  let visible: BehaviorSubject<boolean>;
  const loggedIn = signal(true);
  const user = signal<{ id: string; username: string; roles: string[] } | null>({ id: 'u1', username: 'alice', roles: ['user'] });
  const forget = jest.fn();

  beforeEach(() => {
    jest.useFakeTimers({ now: browserStart, doNotFake: ['queueMicrotask', 'nextTick'] });
    loggedIn.set(true);
    user.set({ id: 'u1', username: 'alice', roles: ['user'] });
    visible = new BehaviorSubject(true);
    TestBed.configureTestingModule({
      imports: [ShowSeats],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: PageVisibility, useValue: { visible$: visible } },
        { provide: SessionStore, useValue: { loggedIn, user, forget } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    fixture?.destroy();
    jest.useRealTimers();
  });

  function open(seats: Seat[] = baseSeats(), event: ShowDetail = show): void {
    fixture = TestBed.createComponent(ShowSeats);
    fixture.componentRef.setInput('id', 'e1');
    fixture.detectChanges();
    http.expectOne('/api/events/e1/').flush({ event });
    pollAnswer({ eventId: 'e1', serverTime: serverIso(0), seats }, '"1"');
  }

  function pendingPolls(): TestRequest[] {
    return http.match((request) => request.method === 'GET' && request.url === '/api/events/e1/seats/');
  }

  function pollAnswer(body: object, etag: string): TestRequest {
    const [request] = pendingPolls();
    request.flush(body, { headers: { ETag: etag } });
    fixture.detectChanges();
    return request;
  }

  function advance(ms: number): void {
    jest.advanceTimersByTime(ms);
    fixture.detectChanges();
  }

  const root = () => fixture.nativeElement as HTMLElement;
  const seatButtons = () => Array.from(root().querySelectorAll<HTMLButtonElement>('.map button'));
  const seatNamed = (name: string) => seatButtons().find((button) => button.getAttribute('aria-label') === name);
  const seatLabels = () => seatButtons().map((button) => button.getAttribute('aria-label'));
  const countdowns = () => Array.from(root().querySelectorAll('.countdown')).map((element) => element.textContent);
  const text = () => root().textContent?.replace(/\s+/g, ' ') ?? '';

  function click(name: string): void {
    const button = seatNamed(name);
    if (!button) {
      throw new Error(`No seat "${name}" among ${seatLabels().join(' | ')}`);
    }
    button.click();
    fixture.detectChanges();
  }

  function clickReserve(): void {
    Array.from(root().querySelectorAll('button'))
      .find((button) => button.textContent?.trim() === 'Reserve')!
      .click();
    fixture.detectChanges();
  }

  it('shows every seat as a button named "Row A, seat 1, <state>, 50.00 EUR", with the same words as its tooltip', () => {
    open();
    expect(seatLabels()).toEqual([
      'Row A, seat 1, available, 50.00 EUR',
      'Row A, seat 2, locked by you, 50.00 EUR',
      'Row A, seat 3, locked by bob, 50.00 EUR',
      'Row A, seat 4, available, 50.00 EUR',
      'Row B, seat 1, reserved, 50.00 EUR',
      'Row B, seat 2, reserved by you, 50.00 EUR',
    ]);
    expect(seatButtons().every((button) => button.title === button.getAttribute('aria-label'))).toBe(true);
    expect(Array.from(root().querySelectorAll('.row-label')).map((label) => label.textContent)).toEqual(['A', 'B']);
    expect(text()).toContain('Rows A–B: 50.00 EUR');
    expect(text()).toContain('Held by someone else');
  });

  it('counts a held seat down on the server’s clock although the browser’s clock is 7 minutes behind', () => {
    open();
    expect(countdowns()).toEqual(['04:59']);
    advance(1000);
    expect(countdowns()).toEqual(['04:58']);
    expect(text()).toContain('Total: 50.00 EUR');
  });

  it('frees a held seat when its countdown reaches 00:00, without reading the grid again', () => {
    visible.next(false); // no polls: the page must work this out by itself
    open();
    advance(299_000);
    expect(countdowns()).toEqual(['00:00']);
    expect(seatNamed('Row A, seat 2, locked by you, 50.00 EUR')).toBeDefined();
    advance(600);
    expect(seatNamed('Row A, seat 2, available, 50.00 EUR')).toBeDefined();
    expect(countdowns()).toEqual([]);
    expect(pendingPolls()).toHaveLength(0);
  });

  it('shows someone else’s lock as available the moment it runs out', () => {
    visible.next(false);
    open();
    advance(119_990);
    expect(seatNamed('Row A, seat 3, locked by bob, 50.00 EUR')).toBeDefined();
    advance(20);
    expect(seatNamed('Row A, seat 3, available, 50.00 EUR')).toBeDefined();
  });

  it('locks an available seat on click, shows it as the person’s own at once and reads the grid again', () => {
    open();
    click('Row A, seat 1, available, 50.00 EUR');
    const lock = http.expectOne('/api/events/e1/seats/seat-A1/lock/');
    expect(lock.request.method).toBe('POST');
    lock.flush({ seat: lockedSeat('A1', 'alice', serverIso(300_000), true) });
    fixture.detectChanges();
    expect(seatNamed('Row A, seat 1, locked by you, 50.00 EUR')).toBeDefined();
    expect(countdowns()).toEqual(['05:00', '04:59']);
    const [refresh] = pendingPolls();
    expect(refresh.request.headers.get('If-None-Match')).toBe('"1"');
  });

  it('releases the person’s own held seat on click', () => {
    open();
    click('Row A, seat 2, locked by you, 50.00 EUR');
    http.expectOne('/api/events/e1/seats/seat-A2/unlock/').flush({ seat: seat('A2') });
    fixture.detectChanges();
    expect(seatNamed('Row A, seat 2, available, 50.00 EUR')).toBeDefined();
    expect(countdowns()).toEqual([]);
  });

  it('says a seat was just taken by someone else when the lock is refused, and highlights it', () => {
    open();
    click('Row A, seat 1, available, 50.00 EUR');
    http
      .expectOne('/api/events/e1/seats/seat-A1/lock/')
      .flush(
        { status: 409, code: 'seat_unavailable', detail: 'Seat A1 is locked by another user' },
        { status: 409, statusText: 'Conflict' },
      );
    fixture.detectChanges();
    expect(root().querySelector('[role="alert"]')?.textContent?.trim()).toBe('A1 was just taken by someone else.');
    expect(seatNamed('Row A, seat 1, available, 50.00 EUR')?.classList).toContain('seat--conflict');
  });

  it('shows the API’s sentence for other refusals', () => {
    open();
    click('Row A, seat 1, available, 50.00 EUR');
    http
      .expectOne('/api/events/e1/seats/seat-A1/lock/')
      .flush({ status: 409, code: 'seat_limit_reached', detail: 'You already hold 10 seats in this event.' }, { status: 409, statusText: 'Conflict' });
    fixture.detectChanges();
    expect(root().querySelector('[role="alert"]')?.textContent?.trim()).toBe('You already hold 10 seats in this event.');
  });

  it('reserves the held seats with an Idempotency-Key and confirms with seats and total', () => {
    const seats = baseSeats().map((s) => (s.label === 'A4' ? lockedSeat('A4', 'alice', serverIso(200_000), true) : s));
    open(seats);
    clickReserve();
    const reserve = http.expectOne('/api/events/e1/reserve/');
    expect(reserve.request.body).toEqual({ seatIds: ['seat-A2', 'seat-A4'] });
    expect(reserve.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const reservation: Reservation = {
      id: 'r1',
      eventId: 'e1',
      eventName: 'Concert XYZ',
      eventStartsAt: '2027-01-15T19:30:00.000Z',
      venue: 'Main Hall',
      seatIds: ['seat-A2', 'seat-A4'],
      seats: ['A2', 'A4'],
      totalPrice: '100.00',
      currency: 'EUR',
      status: 'confirmed',
      createdAt: serverIso(1000),
    };
    reserve.flush({ reservation }, { status: 201, statusText: 'Created' });
    fixture.detectChanges();
    expect(root().querySelector('[role="status"]')?.textContent?.trim()).toBe('Reservation confirmed: A2, A4, 100.00 EUR');
    expect(seatNamed('Row A, seat 2, reserved by you, 50.00 EUR')).toBeDefined();
    expect(seatNamed('Row A, seat 4, reserved by you, 50.00 EUR')).toBeDefined();
    expect(countdowns()).toEqual([]);
  });

  it('uses a new Idempotency-Key for each attempt to reserve', () => {
    open();
    clickReserve();
    const first = http.expectOne('/api/events/e1/reserve/');
    first.flush({ status: 503, code: 'unavailable', detail: 'The event store is down.' }, { status: 503, statusText: 'Unavailable' });
    fixture.detectChanges();
    expect(text()).toContain('The event store is down.');
    clickReserve();
    const second = http.expectOne('/api/events/e1/reserve/');
    expect(second.request.headers.get('Idempotency-Key')).not.toBe(first.request.headers.get('Idempotency-Key'));
  });

  it('highlights every seat a refused reservation lists as a conflict', () => {
    const seats = baseSeats().map((s) => (s.label === 'A4' ? lockedSeat('A4', 'alice', serverIso(200_000), true) : s));
    open(seats);
    clickReserve();
    http.expectOne('/api/events/e1/reserve/').flush(
      {
        status: 409,
        code: 'lock_expired',
        detail: 'Your lock on A2 expired',
        conflicts: [
          { seatId: 'seat-A2', label: 'A2', code: 'lock_expired' },
          { seatId: 'seat-A4', label: 'A4', code: 'seat_unavailable' },
        ],
      },
      { status: 409, statusText: 'Conflict' },
    );
    fixture.detectChanges();
    const highlighted = seatButtons().filter((button) => button.classList.contains('seat--conflict'));
    expect(highlighted.map((button) => button.textContent?.trim())).toEqual(['2', '4']);
    expect(root().querySelector('[role="alert"]')?.textContent).toContain('Your hold on A2 has expired. A4 was just taken by someone else.');
  });

  it('sends an anonymous visitor who clicks a seat to the login page, and back afterwards', () => {
    loggedIn.set(false);
    open();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    click('Row A, seat 1, available, 50.00 EUR');
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: expect.any(String) } });
    http.expectNone('/api/events/e1/seats/seat-A1/lock/');
  });

  it('polls every 3 seconds with If-None-Match, keeps the seats on 304 and shows changes on 200', () => {
    open();
    advance(3000);
    const [notModified] = pendingPolls();
    expect(notModified.request.headers.get('If-None-Match')).toBe('"1"');
    notModified.flush(null, { status: 304, statusText: 'Not Modified' });
    fixture.detectChanges();
    expect(seatNamed('Row A, seat 1, available, 50.00 EUR')).toBeDefined();

    advance(3000);
    const changed = baseSeats().map((s) => (s.label === 'A1' ? lockedSeat('A1', 'carol', serverIso(300_000)) : s));
    const request = pollAnswer({ eventId: 'e1', serverTime: serverIso(6000), seats: changed }, '"2"');
    expect(request.request.headers.get('If-None-Match')).toBe('"1"');
    expect(seatNamed('Row A, seat 1, locked by carol, 50.00 EUR')).toBeDefined();
    advance(3000);
    expect(pendingPolls()[0].request.headers.get('If-None-Match')).toBe('"2"');
  });

  it('pauses polling while the tab is hidden and reads at once when it is shown again', () => {
    open();
    visible.next(false);
    advance(30_000);
    expect(pendingPolls()).toHaveLength(0);
    visible.next(true);
    expect(pendingPolls()).toHaveLength(1);
  });

  it('reads the grid again at once when the person logs out, since what it says depends on who asks', () => {
    open();
    expect(pendingPolls()).toHaveLength(0);
    user.set(null);
    loggedIn.set(false);
    fixture.detectChanges();
    expect(pendingPolls()).toHaveLength(1);
  });

  it('gives the map a single tab stop that the arrow keys move from seat to seat', () => {
    open();
    const tabStops = () => seatButtons().filter((button) => button.tabIndex === 0).map((button) => button.getAttribute('aria-label'));
    expect(tabStops()).toEqual(['Row A, seat 1, available, 50.00 EUR']);
    seatButtons()[0].focus();
    seatButtons()[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    fixture.detectChanges();
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Row B, seat 1, reserved, 50.00 EUR');
    expect(tabStops()).toEqual(['Row B, seat 1, reserved, 50.00 EUR']);
  });

  describe('finding seats and keeping them', () => {
    const button = (name: string) => Array.from(root().querySelectorAll('button')).find((b) => b.textContent?.trim() === name);
    const input = (id: string) => root().querySelector<HTMLInputElement>(`#${id}`)!;

    function find(count: string): TestRequest {
      const field = input('find-seats-count');
      field.value = count;
      field.dispatchEvent(new Event('input'));
      button('Find seats')!.click();
      fixture.detectChanges();
      return http.expectOne('/api/events/e1/best-available/');
    }

    it('asks for the best seats together, holds them like clicked ones, says so, and brings them into view', () => {
      open();
      // jsdom lays nothing out and has no scrollIntoView: the call is what is checked.
      const revealed = jest.fn();
      Object.defineProperty(HTMLElement.prototype, 'scrollIntoView', { value: revealed, configurable: true });
      const request = find('2');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({ count: 2 });
      request.flush({ seats: [lockedSeat('A1', 'alice', serverIso(300_000), true), lockedSeat('A4', 'alice', serverIso(300_000), true)], together: false });
      fixture.detectChanges();
      jest.advanceTimersByTime(50);
      fixture.detectChanges();
      expect(seatNamed('Row A, seat 1, locked by you, 50.00 EUR')).toBeDefined();
      expect(seatNamed('Row A, seat 4, locked by you, 50.00 EUR')).toBeDefined();
      expect(countdowns()).toHaveLength(3);
      expect(root().querySelector('[role="status"]')?.textContent?.trim()).toBe('Held for you: A1, A4.');
      expect(revealed.mock.contexts[0]).toBe(seatNamed('Row A, seat 1, locked by you, 50.00 EUR'));
      delete (HTMLElement.prototype as { scrollIntoView?: unknown }).scrollIntoView;
    });

    it('says in a sentence when no seats together are free', () => {
      open();
      find('4').flush({ status: 409, code: 'not_enough_seats', detail: 'No 4 seats together.' }, { status: 409, statusText: 'Conflict' });
      fixture.detectChanges();
      expect(root().querySelector('[role="alert"]')?.textContent?.trim()).toBe('No 4 seats together: try fewer seats.');
    });

    it('refuses a count that is not a whole number of 1 or more, without asking the server', () => {
      open();
      const field = input('find-seats-count');
      field.value = '0';
      field.dispatchEvent(new Event('input'));
      button('Find seats')!.click();
      fixture.detectChanges();
      http.expectNone('/api/events/e1/best-available/');
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(text()).toContain('Say how many seats: a whole number, 1 or more.');
    });

    it('gives held seats more time and says until when; at the ceiling the button says so instead', () => {
      open();
      button('More time')!.click();
      fixture.detectChanges();
      const extend = http.expectOne('/api/events/e1/holds/extend/');
      expect(extend.request.method).toBe('POST');
      // Held until 10:07 + 7:00 on the server's clock: 10:07 on the browser's (7 minutes behind).
      extend.flush({ seats: [lockedSeat('A2', 'alice', serverIso(420_000), true)] });
      fixture.detectChanges();
      expect(countdowns()).toEqual(['07:00']);
      expect(root().querySelector('[role="status"]')?.textContent?.trim()).toBe(
        `More time: your seats are held until ${new Date(browserStart + 420_000).toTimeString().slice(0, 5)}.`,
      );
      button('More time')!.click();
      fixture.detectChanges();
      http.expectOne('/api/events/e1/holds/extend/').flush(
        { status: 409, code: 'hold_cap_reached', detail: 'Your seats are held for as long as they can be (15 minutes from when you took them); reserve them before the time runs out.' },
        { status: 409, statusText: 'Conflict' },
      );
      fixture.detectChanges();
      const capped = button('Held as long as possible: reserve now');
      expect(capped?.disabled).toBe(true);
      expect(text()).toContain('Your seats are held for as long as they can be (15 minutes from when you took them); reserve them before the time runs out.');
    });
  });

  describe('an event not on sale', () => {
    const button = (name: string) => Array.from(root().querySelectorAll('button')).find((b) => b.textContent?.trim() === name);

    it('reads a seat the box office took off sale as not for sale, and does not try to hold it', () => {
      open([seat('A1', { status: 'blocked' }), ...baseSeats().slice(1)]);
      expect(seatLabels()[0]).toBe('Row A, seat 1, not for sale, 50.00 EUR');
      expect(seatButtons()[0].classList).toContain('seat--blocked');
      expect(text()).toContain('Not for sale');
      click('Row A, seat 1, not for sale, 50.00 EUR');
      http.expectNone('/api/events/e1/seats/seat-A1/lock/');
      expect(root().querySelector('[role="alert"]')?.textContent?.trim()).toBe('A1 is not for sale. Pick another seat.');
    });

    it('says a cancelled event was cancelled and offers no holding', () => {
      open(baseSeats(), { ...show, status: 'cancelled', salesOpen: false });
      expect(root().querySelector('.sale-state')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
        'Cancelled. This event was cancelled. Its seats can no longer be held or reserved.',
      );
      expect(root().querySelector('app-find-seats')).toBeNull();
      expect(button('Reserve')).toBeUndefined();
      click('Row A, seat 1, available, 50.00 EUR');
      http.expectNone('/api/events/e1/seats/seat-A1/lock/');
      expect(root().querySelector('[role="alert"]')?.textContent?.trim()).toBe('This event was cancelled. Its seats can no longer be held or reserved.');
    });

    it('says sales are closed, offers no search for seats, and keeps the seats already held', () => {
      open(baseSeats(), { ...show, salesOpen: false });
      expect(root().querySelector('.sale-state')?.textContent).toContain('Sales are closed for this event at the moment');
      expect(root().querySelector('app-find-seats')).toBeNull();
      expect(countdowns().length).toBe(1);
      expect(button('Reserve')).toBeDefined();
    });

    it('learns from a refusal that sales closed since the page was read, and says so from then on', () => {
      open();
      click('Row A, seat 1, available, 50.00 EUR');
      http
        .expectOne('/api/events/e1/seats/seat-A1/lock/')
        .flush({ status: 409, code: 'sales_closed', detail: 'Sales for Concert XYZ are closed.' }, { status: 409, statusText: 'Conflict' });
      fixture.detectChanges();
      expect(root().querySelector('[role="alert"]')?.textContent?.trim()).toBe('Sales for Concert XYZ are closed.');
      expect(root().querySelector('.sale-state')?.textContent).toContain('Sales closed.');
    });

    it('learns from a refusal that the event was cancelled', () => {
      open();
      clickReserve();
      http
        .expectOne('/api/events/e1/reserve/')
        .flush({ status: 409, code: 'event_cancelled', detail: 'Concert XYZ was cancelled.' }, { status: 409, statusText: 'Conflict' });
      fixture.detectChanges();
      expect(root().querySelector('[role="alert"]')?.textContent?.trim()).toBe('Concert XYZ was cancelled.');
      expect(root().querySelector('.sale-state')?.textContent).toContain('Cancelled.');
      expect(root().querySelector('app-held-seats')).toBeNull();
    });
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { lockedSeat, seat, simpleShow } from '../../../testing/seats';
import { Seat } from '../../api/seats-api';
import { SeatBlocking, blockAction, cannotBlockMessage, seatName } from './seat-blocking';

const SHOW = simpleShow(
  { id: 'e1', name: 'Concert XYZ', venue: 'Hall', startsAt: '2027-01-01T20:00:00.000Z', currency: 'EUR', seatCount: 4, availableCount: 1 },
  [{ label: 'A', seats: 4, price: '50.00' }],
);

const grid = (seats: Seat[]) => ({ eventId: 'e1', serverTime: '2026-12-22T10:00:00.000Z', seats });
const SEATS = [seat('A1'), seat('A2', { status: 'blocked' }), seat('A3', { status: 'reserved' }), lockedSeat('A4', 'bob', '2026-12-22T10:04:00.000Z')];

describe('seats off sale on the admin map', () => {
  let fixture: ComponentFixture<SeatBlocking>;
  let http: HttpTestingController;
  let root: HTMLElement;

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };
  const seatButton = (n: number) => root.querySelector<HTMLButtonElement>(`.map button[aria-label^="Row A, seat ${n}, "]`)!;
  const click = async (n: number) => {
    seatButton(n).click();
    await fixture.whenStable();
  };
  const button = (name: string) => Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.trim() === name)!;
  const reason = () => root.querySelector<HTMLInputElement>('app-reason-prompt input')!;

  beforeEach(async () => {
    // jsdom lays nothing out; the map brings the seat into view before it focuses it.
    Object.defineProperty(HTMLElement.prototype, 'scrollIntoView', { value: jest.fn(), configurable: true });
    TestBed.configureTestingModule({ imports: [SeatBlocking], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SeatBlocking);
    fixture.componentRef.setInput('show', SHOW);
    root = fixture.nativeElement as HTMLElement;
    document.body.appendChild(root);
    await fixture.whenStable();
    http.expectOne('/api/events/e1/seats/').flush(grid(SEATS));
    await settle();
  });

  afterEach(() => {
    http.verify();
    root.remove();
    delete (HTMLElement.prototype as { scrollIntoView?: unknown }).scrollIntoView;
  });

  it('reads a blocked seat as not for sale, with its own mark, and says what a click does', () => {
    expect(seatButton(2).getAttribute('aria-label')).toBe('Row A, seat 2, not for sale, 50.00 EUR');
    expect(seatButton(2).classList).toContain('seat--blocked');
    expect(root.querySelector('#seat-map-help')?.textContent).toContain('Enter or Space blocks the seat, or unblocks a seat not for sale.');
    expect(root.querySelector('.legend')?.textContent).toContain('Not for sale');
  });

  it('asks for a reason when a free seat is clicked, blocks it with that reason, and gives the focus back to the seat', async () => {
    await click(1);
    await settle();
    expect(root.querySelector('app-reason-prompt h3')?.textContent?.trim()).toBe('Block seat A1');
    expect(document.activeElement).toBe(reason());
    reason().value = 'House seat';
    reason().dispatchEvent(new Event('input'));
    button('Block seat').click();
    await fixture.whenStable();
    const request = http.expectOne('/api/admin/events/e1/seats/seat-A1/block/');
    expect(request.request.body).toEqual({ reason: 'House seat' });
    request.flush({ seat: seat('A1', { status: 'blocked' }) });
    await settle();
    http.expectOne('/api/events/e1/seats/').flush(grid([seat('A1', { status: 'blocked' }), ...SEATS.slice(1)]));
    await settle();
    expect(root.querySelector('app-reason-prompt')).toBeNull();
    expect(root.querySelector('[role="status"]')?.textContent?.trim()).toBe('A1 blocked: not for sale until you unblock it.');
    expect(seatButton(1).getAttribute('aria-label')).toBe('Row A, seat 1, not for sale, 50.00 EUR');
    expect(document.activeElement).toBe(seatButton(1));
  });

  it('will not block without a reason', async () => {
    await click(1);
    button('Block seat').click();
    await fixture.whenStable();
    expect(root.querySelector('.field-error')?.textContent).toContain('Give a reason');
    expect(reason().getAttribute('aria-invalid')).toBe('true');
  });

  it('puts the focus back on the seat when the admin keeps it on sale', async () => {
    await click(1);
    await settle();
    button('Keep it on sale').click();
    await settle();
    expect(root.querySelector('app-reason-prompt')).toBeNull();
    expect(document.activeElement).toBe(seatButton(1));
  });

  it('unblocks a seat not for sale with one click', async () => {
    await click(2);
    const request = http.expectOne('/api/admin/events/e1/seats/seat-A2/unblock/');
    expect(request.request.method).toBe('POST');
    request.flush({ seat: seat('A2') });
    await settle();
    http.expectOne('/api/events/e1/seats/').flush(grid([SEATS[0], seat('A2'), ...SEATS.slice(2)]));
    await settle();
    expect(root.querySelector('[role="status"]')?.textContent?.trim()).toBe('A2 is on sale again.');
    expect(seatButton(2).getAttribute('aria-label')).toBe('Row A, seat 2, available, 50.00 EUR');
  });

  it('refuses a held or reserved seat without asking the server', async () => {
    await click(4);
    expect(root.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'A4 is locked by bob: only a free seat can be taken off sale. Free it first with "Release a seat" on the admin page.',
    );
    await click(3);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('A3 is reserved:');
    expect(root.querySelector('app-reason-prompt')).toBeNull();
  });

  it('shows the server\'s sentence when it refuses, and keeps the prompt open', async () => {
    await click(1);
    reason().value = 'Broken';
    reason().dispatchEvent(new Event('input'));
    button('Block seat').click();
    await fixture.whenStable();
    http
      .expectOne('/api/admin/events/e1/seats/seat-A1/block/')
      .flush({ code: 'seat_unavailable', detail: 'Seat A1 was just locked by carol.' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(root.querySelector('app-reason-prompt [role="alert"]')?.textContent?.trim()).toBe('Seat A1 was just locked by carol.');
  });
});

describe('what a click does on the admin map', () => {
  it('blocks a free seat, unblocks a blocked one, and refuses the rest', () => {
    expect(blockAction('available')).toBe('block');
    expect(blockAction('blocked')).toBe('unblock');
    expect(['held-by-me', 'held-by-other', 'reserved', 'reserved-by-me'].map((s) => blockAction(s as never))).toEqual(['refuse', 'refuse', 'refuse', 'refuse']);
  });

  it('names the seat as the page does, with its section in a layout event', () => {
    expect(seatName(SHOW, { section: 'main', label: 'A1' })).toBe('A1');
    const layout = { sections: [{ key: 'stalls', name: 'Stalls', rows: [] }] };
    expect(seatName(layout, { section: 'stalls', label: '1-5' })).toBe('Stalls 1-5');
    expect(cannotBlockMessage('Stalls 1-5', 'reserved', null)).toMatch(/^Stalls 1-5 is reserved: /);
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { seatBlock, simpleShow } from '../../../testing/seats';
import { ShowDetail } from '../../api/shows-api';
import { AdminEventPage } from './admin-event-page';

const SHOW: ShowDetail = simpleShow(
  { id: 'e1', name: 'Concert XYZ', venue: 'Main Hall', startsAt: '2027-01-15T19:30:00.000Z', currency: 'EUR', seatCount: 4, availableCount: 4 },
  [{ label: 'A', seats: 4, price: '50.00' }],
);
const FIGURES = { categories: [{ key: 'c1', seats: 4, available: 4, locked: 0, reserved: 0, blocked: 0, revenue: '0.00' }], daily: [] };

describe('the box office page of an event', () => {
  let fixture: ComponentFixture<AdminEventPage>;
  let http: HttpTestingController;
  let root: HTMLElement;

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };
  const button = (name: string) => Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.trim() === name);
  const press = async (name: string) => {
    button(name)!.click();
    await settle();
  };
  const headings = () => Array.from(root.querySelectorAll('h2')).map((h) => h.textContent?.trim());
  const state = () => root.querySelector('.event-state')?.textContent?.trim();
  const type = async (selector: string, value: string) => {
    const input = root.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };

  beforeEach(async () => {
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    TestBed.configureTestingModule({ imports: [AdminEventPage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminEventPage);
    fixture.componentRef.setInput('id', 'e1');
    root = fixture.nativeElement as HTMLElement;
    document.body.appendChild(root);
    await fixture.whenStable();
    http.expectOne('/api/events/e1/').flush({ event: SHOW });
    await settle();
    http.expectOne('/api/events/e1/seats/').flush({ eventId: 'e1', serverTime: '2026-12-22T10:00:00.000Z', seats: seatBlock(['A'], 4) });
    http.expectOne('/api/admin/events/e1/sales/').flush(FIGURES);
    await settle();
  });

  afterEach(() => {
    http.verify();
    root.remove();
    jest.restoreAllMocks();
  });

  it('shows the event, its state, every action, and the attendee list', () => {
    expect(root.querySelector('h1')?.textContent?.trim()).toBe('Concert XYZ');
    expect(state()).toBe('Status: Sales open');
    expect(headings()).toEqual(['Details', 'Sales', 'Seats', 'Sales figures', 'Cancel the event']);
    const csv = Array.from(root.querySelectorAll('a')).find((a) => a.textContent?.trim() === 'Download attendee list (CSV)');
    expect(csv?.getAttribute('href')).toBe('/api/admin/events/e1/attendees.csv');
    expect(csv?.hasAttribute('download')).toBe(true);
  });

  it('closes sales and reopens them, saying which they are', async () => {
    await press('Close sales');
    const close = http.expectOne('/api/admin/events/e1/sales/');
    expect([close.request.method, close.request.body]).toEqual(['POST', { open: false }]);
    close.flush({ event: { ...SHOW, salesOpen: false } });
    await settle();
    expect(state()).toBe('Status: Sales closed');
    expect(root.querySelector('[role="status"]')?.textContent).toContain('Sales closed: nobody can hold or reserve seats');
    await press('Reopen sales');
    http.expectOne('/api/admin/events/e1/sales/').flush({ event: SHOW });
    await settle();
    expect(state()).toBe('Status: Sales open');
    expect(button('Close sales')).toBeDefined();
  });

  it('cancels the event after a reason and a confirmation; then only what still applies is left', async () => {
    await press('Cancel event…');
    const reason = root.querySelector<HTMLInputElement>('#cancel app-reason-prompt input')!;
    expect(document.activeElement).toBe(reason);
    await type('#cancel app-reason-prompt input', 'The artist is ill');
    await press('Cancel event');
    expect(root.querySelector('.prompt-question')?.textContent).toBe('Cancel Concert XYZ for good? Every booking of it is cancelled at once. This cannot be undone.');
    expect(document.activeElement).toBe(button('Yes, cancel the event'));
    await press('Yes, cancel the event');
    const cancel = http.expectOne('/api/admin/events/e1/cancel/');
    expect(cancel.request.body).toEqual({ reason: 'The artist is ill' });
    cancel.flush({ event: { ...SHOW, status: 'cancelled', salesOpen: false } });
    await settle();
    http.expectOne('/api/admin/events/e1/sales/').flush(FIGURES);
    await settle();
    expect(state()).toBe('Status: Cancelled');
    expect(headings()).toEqual(['Sales figures']);
    expect(button('Close sales')).toBeUndefined();
    expect(root.querySelector('[role="status"]')?.textContent?.trim()).toBe('Concert XYZ is cancelled. Every hold ended and every booking was cancelled; customers see your reason.');
    expect(document.activeElement).toBe(root.querySelector('.event-state'));
  });

  it('keeps the event when asked to, and gives the focus back to the button', async () => {
    await press('Cancel event…');
    await press('Keep the event');
    expect(root.querySelector('app-reason-prompt')).toBeNull();
    expect(document.activeElement).toBe(button('Cancel event…'));
  });

  it('shows the refusal\'s sentence, and reads the event again when it was cancelled meanwhile', async () => {
    await press('Close sales');
    http.expectOne('/api/admin/events/e1/sales/').flush(
      { code: 'event_cancelled', detail: 'Concert XYZ was cancelled; it cannot change any more.' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(root.querySelector('#sales [role="alert"]')?.textContent?.trim()).toBe('Concert XYZ was cancelled; it cannot change any more.');
    http.expectOne('/api/events/e1/').flush({ event: { ...SHOW, status: 'cancelled', salesOpen: false } });
    await settle();
    expect(state()).toBe('Status: Cancelled');
  });

  it('saves only the details that changed', async () => {
    await type('#edit-event-venue', 'Glass Pavilion');
    await press('Save changes');
    const patch = http.expectOne('/api/admin/events/e1/');
    expect([patch.request.method, patch.request.body]).toEqual(['PATCH', { venue: 'Glass Pavilion' }]);
    patch.flush({ event: { ...SHOW, venue: 'Glass Pavilion' } });
    await settle();
    expect(root.querySelector('.show-meta')?.textContent).toContain('Glass Pavilion');
    expect(root.querySelector('#details [role="status"]')?.textContent?.trim()).toBe("Saved: the venue. The event list, the seat page and customers' reservations show it now.");
  });

  it('puts the server\'s field messages beside the fields', async () => {
    await type('#edit-event-starts-at', '2020-01-01T20:00');
    await press('Save changes');
    http.expectOne('/api/admin/events/e1/').flush(
      { code: 'validation_failed', detail: 'startsAt is invalid', errors: [{ field: 'startsAt', message: 'startsAt must be in the future.' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(root.querySelector('#edit-event-starts-at-error')?.textContent).toBe('startsAt must be in the future.');
    expect(root.querySelector('#edit-event-starts-at')?.getAttribute('aria-invalid')).toBe('true');
  });
});

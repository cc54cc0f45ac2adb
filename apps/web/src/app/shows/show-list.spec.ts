import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ShowSummary, saleState } from '../api/shows-api';
import { ShowList } from './show-list';

const summary = (id: string, name: string, overrides: Partial<ShowSummary> = {}): ShowSummary => ({
  id,
  name,
  venue: 'Main Hall',
  startsAt: '2027-01-15T19:30:00.000Z',
  currency: 'EUR',
  seatCount: 120,
  availableCount: 100,
  priceFrom: '50.00',
  status: 'scheduled',
  salesOpen: true,
  ...overrides,
});

describe('the event list', () => {
  it('says which events are cancelled or have sales closed, and nothing for those on sale', async () => {
    TestBed.configureTestingModule({ imports: [ShowList], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(ShowList);
    await fixture.whenStable();
    http.expectOne('/api/events/').flush({
      events: [
        summary('e1', 'Concert XYZ'),
        summary('e2', 'Hamlet', { salesOpen: false }),
        summary('e3', 'Spring Gala', { status: 'cancelled', salesOpen: false }),
      ],
    });
    await fixture.whenStable();
    const shows = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('.show'));
    expect(shows.map((show) => [show.querySelector('h2')?.textContent?.trim(), show.querySelector('.show-status')?.textContent ?? null])).toEqual([
      ['Concert XYZ', null],
      ['Hamlet', 'Sales closed'],
      ['Spring Gala', 'Cancelled'],
    ]);
    expect(shows[2].classList).toContain('show--cancelled');
    http.verify();
  });

  it('reads an event without the new fields (an older server) as on sale', () => {
    expect(saleState({} as ShowSummary)).toBe('open');
    expect(saleState({ status: 'cancelled', salesOpen: true })).toBe('cancelled');
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Chart } from 'chart.js';
import { simpleShow } from '../../../testing/seats';
import { SalesChart } from './sales-chart';

const SHOW = simpleShow(
  { id: 'e1', name: 'Concert XYZ', venue: 'Hall', startsAt: '2027-01-01T20:00:00.000Z', currency: 'EUR', seatCount: 4, availableCount: 2 },
  [{ label: 'A', seats: 4, price: '50.00' }],
);
const FIGURES = {
  categories: [{ key: 'c1', seats: 4, available: 1, locked: 0, reserved: 2, blocked: 1, revenue: '100.00' }],
  daily: [{ date: '2026-12-22', reserved: 2, cancelled: 0, revenue: '100.00' }],
};

describe('the sales chart', () => {
  let fixture: ComponentFixture<SalesChart>;
  let http: HttpTestingController;
  let root: HTMLElement;

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };

  beforeEach(async () => {
    // jsdom has no canvas: the chart is not drawn, everything around it is.
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    TestBed.configureTestingModule({ imports: [SalesChart], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SalesChart);
    fixture.componentRef.setInput('show', SHOW);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    jest.restoreAllMocks();
  });

  it('shows each chart as an image named by its summary, and the same figures as tables', async () => {
    http.expectOne('/api/admin/events/e1/sales/').flush(FIGURES);
    await settle();
    const canvases = Array.from(root.querySelectorAll('canvas'));
    expect(canvases.map((canvas) => canvas.getAttribute('role'))).toEqual(['img', 'img']);
    expect(canvases[0].getAttribute('aria-label')).toBe('Seats and revenue per day, on 22 Dec 2026: 2 seats reserved, 0 cancelled, 100.00 EUR taken net of refunds.');
    expect(canvases[1].getAttribute('aria-label')).toBe('Occupancy per category: 50.00 EUR: 2 of 4 seats reserved (50%), 1 not for sale.');
    expect(root.querySelector('details summary')?.textContent?.trim()).toBe('Sales as a table');
    const captions = Array.from(root.querySelectorAll('details caption')).map((caption) => caption.textContent?.trim());
    expect(captions).toEqual(['Seats and revenue per day (UTC)', 'Occupancy per category']);
    const dayRow = Array.from(root.querySelectorAll('details table')[0].querySelectorAll('tbody tr th, tbody tr td')).map((cell) => cell.textContent?.trim());
    expect(dayRow).toEqual(['22 Dec 2026', '2', '0', '100.00 EUR']);
  });

  it('registers only the Chart.js pieces it draws with', async () => {
    http.expectOne('/api/admin/events/e1/sales/').flush(FIGURES);
    await settle();
    expect(Chart.registry.getController('bar')).toBeDefined();
    expect(Chart.registry.getController('line')).toBeDefined();
    expect(() => Chart.registry.getController('doughnut')).toThrow();
  });

  it('reads the figures again when the page says they changed', async () => {
    http.expectOne('/api/admin/events/e1/sales/').flush(FIGURES);
    await settle();
    fixture.componentRef.setInput('version', 1);
    await fixture.whenStable();
    http.expectOne('/api/admin/events/e1/sales/').flush({ ...FIGURES, daily: [] });
    await settle();
    expect(root.querySelectorAll('canvas').length).toBe(1);
    expect(root.querySelector('.empty')?.textContent?.trim()).toBe('Seats and revenue per day: nothing reserved yet.');
  });

  it('shows the API\'s sentence when the figures cannot be read', async () => {
    http.expectOne('/api/admin/events/e1/sales/').flush({ code: 'not_found', detail: 'There is no event e1.' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent?.trim()).toBe('There is no event e1.');
  });
});
